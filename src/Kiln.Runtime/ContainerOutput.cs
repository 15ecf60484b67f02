namespace Kiln.Runtime;

/// <summary>Receives what the container writes, as it arrives: <paramref name="stream"/> 1 is stdout, 2 is stderr.</summary>
public delegate void ContainerOutput(int stream, ReadOnlyMemory<byte> data);
