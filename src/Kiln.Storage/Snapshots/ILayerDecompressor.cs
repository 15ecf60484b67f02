namespace Kiln.Storage.Snapshots;

/// <summary>
/// Turns a layer blob into its uncompressed tar stream for unpacking (OCI image-spec layer.md media types):
/// a seam for tests; by default the store uses Kiln.Archives' codecs (gzip, zstd, plain tar).
/// </summary>
public interface ILayerDecompressor
{
    /// <summary>
    /// Returns a stream of the tar inside <paramref name="blob"/>. The returned stream must NOT dispose
    /// <paramref name="blob"/>: the caller drains and disposes it afterwards (so the blob's digest is verified).
    /// </summary>
    Stream OpenUncompressed(Stream blob, string mediaType);
}
