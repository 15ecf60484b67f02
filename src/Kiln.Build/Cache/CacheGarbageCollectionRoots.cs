using Kiln.Oci;
using Kiln.Storage.Maintenance;

namespace Kiln.Build.Cache;

/// <summary>
/// The build cache's records as garbage-collection roots of the local store (ARCHITECTURE.md decision 5: "garbage
/// collection marks from tags and cache records"): each record's layer descriptor, and the snapshot chain ID in its
/// <see cref="CacheRecord.SnapshotChainIdKey"/> metadata entry. Pass it in <c>LocalStoreOptions.ExtraRoots</c> wherever
/// the store is opened, so <c>kiln prune</c> keeps what the cache needs until <c>kiln prune --cache</c> drops the records.
/// </summary>
public sealed class CacheGarbageCollectionRoots(BuildCache cache) : IGarbageCollectionRoots
{
    public async ValueTask<GarbageCollectionRoots> GetRootsAsync(CancellationToken cancellationToken = default)
    {
        var descriptors = new List<Descriptor>();
        var chainIds = new List<Digest>();
        foreach (var record in await cache.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (record.Layer is { } layer)
            {
                descriptors.Add(layer);
            }

            if (record.Metadata is { } metadata
                && metadata.TryGetValue(CacheRecord.SnapshotChainIdKey, out var text)
                && Digest.TryParse(text, out var chainId))
            {
                chainIds.Add(chainId);
            }
        }

        return new GarbageCollectionRoots(descriptors, chainIds);
    }
}
