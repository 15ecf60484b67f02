using Kiln.Oci;

namespace Kiln.Archives.Layers;

/// <summary>
/// What <see cref="LayerWriter"/> produced: the blob's descriptor (media type, digest and size of the
/// compressed bytes) and the diffID (digest of the uncompressed tar, for the config's <c>rootfs.diff_ids</c>).
/// </summary>
public sealed record LayerWriteResult(Descriptor Descriptor, Digest DiffId, long UncompressedSize)
{
    /// <summary>The blob's compression.</summary>
    public Kiln.Oci.Compression Compression => MediaTypes.LayerCompression(Descriptor.MediaType) ?? Kiln.Oci.Compression.None;
}
