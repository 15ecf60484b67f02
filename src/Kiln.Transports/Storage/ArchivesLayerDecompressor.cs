using Kiln.Archives.Compression;
using Kiln.Storage.Snapshots;

namespace Kiln.Transports.Storage;

/// <summary>
/// Plugs Kiln.Archives' codecs (gzip, zstd, uncompressed; detected by magic bytes, issue 3 "Layer format") into the
/// local store's <see cref="ILayerDecompressor"/> seam, so snapshots of zstd layers unpack too.
/// </summary>
public sealed class ArchivesLayerDecompressor : ILayerDecompressor
{
    public Stream OpenUncompressed(Stream blob, string mediaType)
    {
        ArgumentNullException.ThrowIfNull(blob);
        return Codecs.OpenDecompress(blob, leaveOpen: true);
    }
}
