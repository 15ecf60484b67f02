namespace Kiln.Dockerfile.Instructions;

/// <summary>A <c>type=cache</c> mount (DF-RUN-MOUNT-CACHE): persistent across builds, outside the cache key.</summary>
public sealed record CacheMount : Mount
{
    public override MountType Type => MountType.Cache;

    /// <summary>The cache id; null = the cleaned (resolved) target, decided by the planner.</summary>
    public string? Id { get; init; }

    /// <summary>Concurrency mode (default shared).</summary>
    public CacheSharing Sharing { get; init; } = CacheSharing.Shared;

    /// <summary>Stage/image whose <see cref="Source"/> seeds the cache, or null.</summary>
    public string? From { get; init; }

    /// <summary>Path inside <see cref="From"/>, or null.</summary>
    public string? Source { get; init; }

    /// <summary>Directory mode (default 0755).</summary>
    public uint Mode { get; init; } = Convert.ToUInt32("755", 8);

    /// <summary>Owner uid (default 0).</summary>
    public uint Uid { get; init; }

    /// <summary>Owner gid (default 0).</summary>
    public uint Gid { get; init; }
}
