namespace Kiln.Runtime;

/// <summary>The OCI runtime could not be found or could not run the container (not a failing command: that is an exit code).</summary>
public sealed class ContainerRuntimeException : Exception
{
    public ContainerRuntimeException(string message)
        : base(message)
    {
    }

    public ContainerRuntimeException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
