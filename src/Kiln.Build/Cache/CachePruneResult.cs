namespace Kiln.Build.Cache;

/// <summary>
/// What <see cref="BuildCache.PruneAsync"/> removed. The layer blobs are not deleted by the cache: with their records
/// gone they stop being garbage-collection roots, and the store's prune frees <see cref="ReleasedLayerBytes"/>.
/// </summary>
/// <param name="Removed">The records deleted, least recently used first.</param>
/// <param name="ReleasedLayerBytes">Layer blobs no image and no remaining record references any more.</param>
/// <param name="MetadataBytesFreed">Bytes of the cache's own files deleted (records, remembered steps, temp files).</param>
/// <param name="RemainingLayerBytes">Cache-only layer bytes the remaining records hold.</param>
public sealed record CachePruneResult(
    IReadOnlyList<CacheRecord> Removed,
    long ReleasedLayerBytes,
    long MetadataBytesFreed,
    long RemainingLayerBytes);
