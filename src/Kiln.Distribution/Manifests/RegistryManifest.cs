using Kiln.Oci;

namespace Kiln.Distribution.Manifests;

/// <summary>A manifest or index as fetched: its exact bytes, media type and digest (verified).</summary>
public sealed record RegistryManifest(ReadOnlyMemory<byte> Bytes, string MediaType, Digest Digest)
{
    public long Size => Bytes.Length;

    public bool IsIndex => MediaTypes.IsIndex(MediaType);

    public Descriptor ToDescriptor() => new(MediaType, Digest, Size);
}
