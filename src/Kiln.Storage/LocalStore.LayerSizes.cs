using System.Globalization;
using System.Text;
using Kiln.Oci;
using Kiln.Storage.Errors;
using Kiln.Storage.Layout;
using Kiln.Storage.Snapshots;

namespace Kiln.Storage;

/// <summary>
/// Uncompressed layer sizes for <c>kiln images</c>, <c>inspect</c> and <c>history</c> (Docker reports uncompressed sizes),
/// and per-snapshot disk usage for <c>kiln system df</c>. A layer's size is measured once by decompressing it and then
/// remembered in <c>cache/layer-sizes/&lt;alg&gt;/&lt;hex&gt;</c> (a decimal number, replaced atomically).
/// </summary>
public sealed partial class LocalStore
{
    /// <summary>
    /// The length of the uncompressed tar inside <paramref name="layer"/>, or null when it cannot be measured (the blob
    /// is missing or damaged, or compressed with a format layers may not use, such as bzip2).
    /// </summary>
    public async Task<long?> TryGetUncompressedSizeAsync(Descriptor layer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var cacheFile = Path.Combine(_paths.Cache, "layer-sizes", layer.Digest.Algorithm, layer.Digest.Encoded);
        try
        {
            var text = await File.ReadAllTextAsync(cacheFile, cancellationToken).ConfigureAwait(false);
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var cached))
            {
                return cached;
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Not measured yet.
        }

        long size;
        try
        {
            await using var blob = await Blobs.OpenReadAsync(layer, cancellationToken).ConfigureAwait(false);
            var decompressor = _options.Decompressor ?? new DefaultLayerDecompressor();
            await using (var tar = decompressor.OpenUncompressed(blob, layer.MediaType))
            {
                size = await CountAsync(tar, cancellationToken).ConfigureAwait(false);
            }

            // Drain what the decompressor left so the blob's digest is verified before the size is trusted.
            await CountAsync(blob, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is StoreException or InvalidDataException)
        {
            return null;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(cacheFile)!);
            Durability.ReplaceFile(cacheFile, Encoding.ASCII.GetBytes(size.ToString(CultureInfo.InvariantCulture)), _paths.Ingest);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only store still answers, it just measures again next time.
        }

        return size;
    }

    /// <summary>Bytes used on disk by one unpacked snapshot (0 when it does not exist).</summary>
    public long MeasureSnapshot(Digest chainId) =>
        Snapshots.Exists(chainId) ? Snapshots.MeasureTree(Snapshots.GetPath(chainId)) : 0;

    private static async Task<long> CountAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return total;
    }
}
