namespace Kiln.Oci;

/// <summary>
/// A parsed document kept beside the exact bytes it came from (or was written as) and their digest, so that
/// content addresses never depend on re-serialisation. Create through <see cref="RawDocument"/>.
/// </summary>
/// <typeparam name="T">The document type (<see cref="Images.ImageManifest"/>, <see cref="Images.ImageIndex"/>, <see cref="Images.ImageConfig"/>).</typeparam>
public sealed record RawDocument<T>(T Value, ReadOnlyMemory<byte> Bytes, Digest Digest, string MediaType)
{
    /// <summary>Length of <see cref="Bytes"/>.</summary>
    public long Size => Bytes.Length;

    /// <summary>The descriptor that points at these bytes.</summary>
    public Descriptor ToDescriptor() => new(MediaType, Digest, Size);
}
