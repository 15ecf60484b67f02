namespace Kiln.Storage.Maintenance;

/// <summary>
/// Space used by the store, for <c>kiln system df</c>. Sizes are bytes as stored (compressed layers).
/// <see cref="UniqueLayerBytes"/> counts layers used by exactly one image, <see cref="SharedLayerBytes"/> layers used by
/// several (each counted once); <see cref="UnreferencedBytes"/> is what <c>kiln prune</c> would reclaim from blobs.
/// </summary>
public sealed record DiskUsage(
    int References,
    int Images,
    long ImagesBytes,
    long UniqueLayerBytes,
    long SharedLayerBytes,
    long UnreferencedBytes,
    int Snapshots,
    long SnapshotsBytes,
    long IngestBytes,
    long CacheBytes)
{
    /// <summary>Everything together.</summary>
    public long TotalBytes => ImagesBytes + UnreferencedBytes + SnapshotsBytes + IngestBytes + CacheBytes;
}
