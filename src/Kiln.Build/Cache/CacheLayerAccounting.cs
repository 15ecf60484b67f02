using Kiln.Oci;

namespace Kiln.Build.Cache;

/// <summary>
/// Sizes of the layer blobs cache records reference, and reference counts of those no image uses, so a prune can tell
/// how many bytes deleting a record releases (a layer shared by several records is released with its last record).
/// </summary>
internal sealed class CacheLayerAccounting
{
    private readonly Dictionary<Digest, int> _users = [];
    private readonly Dictionary<Digest, long> _sizes = [];

    private CacheLayerAccounting()
    {
    }

    /// <summary>Every present layer blob the records reference, each counted once.</summary>
    public long AllBytes { get; private set; }

    /// <summary>The present layer blobs referenced by the records still counted and by no image.</summary>
    public long CacheOnlyBytes { get; private set; }

    public static async Task<CacheLayerAccounting> CreateAsync(StoreBlobs blobs, IEnumerable<CacheRecord> records, CancellationToken cancellationToken)
    {
        var accounting = new CacheLayerAccounting();
        var images = await blobs.ReachableFromImagesAsync(cancellationToken).ConfigureAwait(false);
        var seen = new HashSet<Digest>();
        foreach (var record in records)
        {
            if (record.Layer is not { } layer || blobs.Size(layer.Digest) is not { } size)
            {
                continue;
            }

            if (seen.Add(layer.Digest))
            {
                accounting.AllBytes += size;
            }

            if (images.Contains(layer.Digest))
            {
                continue;
            }

            var users = accounting._users.GetValueOrDefault(layer.Digest);
            if (users == 0)
            {
                accounting._sizes[layer.Digest] = size;
                accounting.CacheOnlyBytes += size;
            }

            accounting._users[layer.Digest] = users + 1;
        }

        return accounting;
    }

    /// <summary>Drops one record's use of its layer; returns the bytes released when it was the last user.</summary>
    public long Release(CacheRecord record)
    {
        if (record.Layer is not { } layer || !_users.TryGetValue(layer.Digest, out var users))
        {
            return 0;
        }

        if (users > 1)
        {
            _users[layer.Digest] = users - 1;
            return 0;
        }

        _users.Remove(layer.Digest);
        var size = _sizes[layer.Digest];
        CacheOnlyBytes -= size;
        return size;
    }
}
