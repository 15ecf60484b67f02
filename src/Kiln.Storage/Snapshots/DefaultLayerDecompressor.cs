using System.IO.Compression;
using Kiln.Storage.Errors;

namespace Kiln.Storage.Snapshots;

/// <summary>
/// The built-in <see cref="ILayerDecompressor"/>: gzip (in-box <see cref="GZipStream"/>) and plain tar, chosen by the
/// content's magic bytes rather than the media type (Docker archives label gzip layers as plain tar and vice versa).
/// zstd is left to the real codec in Kiln.Archives.
/// </summary>
internal sealed class DefaultLayerDecompressor : ILayerDecompressor
{
    private static ReadOnlySpan<byte> GzipMagic => [0x1f, 0x8b];

    private static ReadOnlySpan<byte> ZstdMagic => [0x28, 0xb5, 0x2f, 0xfd];

    public Stream OpenUncompressed(Stream blob, string mediaType)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var head = new byte[4];
        var count = 0;
        int read;
        while (count < head.Length && (read = blob.Read(head, count, head.Length - count)) > 0)
        {
            count += read;
        }

        var prefixed = new PrefixedReadStream(head.AsMemory(0, count), blob);
        var magic = head.AsSpan(0, count);
        if (magic.StartsWith(GzipMagic))
        {
            return new GZipStream(prefixed, CompressionMode.Decompress, leaveOpen: false);
        }

        if (magic.StartsWith(ZstdMagic))
        {
            throw new StoreException($"layer ({mediaType}) is zstd-compressed, which this store was opened without a codec for; open the store with the Kiln.Archives layer decompressor");
        }

        return prefixed;
    }
}
