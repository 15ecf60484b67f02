using Kiln.Archives.Compression;

namespace Kiln.Storage.Snapshots;

/// <summary>
/// The store's <see cref="ILayerDecompressor"/>: Kiln.Archives' codecs, detecting gzip (multi-member, parallel
/// output included), zstd or a plain tar by magic bytes. Never disposes the blob stream.
/// </summary>
internal sealed class DefaultLayerDecompressor : ILayerDecompressor
{
    public Stream OpenUncompressed(Stream blob, string mediaType)
    {
        ArgumentNullException.ThrowIfNull(blob);
        return Codecs.OpenDecompress(blob, leaveOpen: true);
    }
}
