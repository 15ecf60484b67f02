namespace Kiln.Dockerfile.Instructions;

/// <summary>The <c>sharing=</c> modes of a cache mount (DF-RUN-MOUNT-CACHE).</summary>
public enum CacheSharing
{
    /// <summary>Concurrent writers share the cache (default).</summary>
    Shared,

    /// <summary>Each concurrent writer gets a new empty cache.</summary>
    Private,

    /// <summary>Writers wait for each other.</summary>
    Locked,
}
