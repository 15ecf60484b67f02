namespace Kiln.Build.Cache.Sharing;

/// <summary>One imported cache, validated: where it came from (for messages), the storage its blobs are fetched from, its records and mounts.</summary>
public sealed record LoadedCache(
    string Source,
    ICacheStorage Storage,
    IReadOnlyList<SharedCacheRecordDocument> Records,
    IReadOnlyList<SharedCacheMountDocument> Mounts);
