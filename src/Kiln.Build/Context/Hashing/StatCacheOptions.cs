namespace Kiln.Build.Context.Hashing;

/// <summary>Tuning for a <see cref="StatCache"/>: how long entries live, how many there may be, and the racy-timestamp guard.</summary>
public sealed record StatCacheOptions
{
    /// <summary>The cache file's name inside the cache directory.</summary>
    public string FileName { get; init; } = "stat-cache-v1.bin";

    /// <summary>An entry not used in this many consecutive runs (saves) is dropped.</summary>
    public int MaxIdleRuns { get; init; } = 10;

    /// <summary>At most this many entries are written; the least recently used go first.</summary>
    public int MaxEntries { get; init; } = 500_000;

    /// <summary>
    /// A file whose mtime or ctime lies within this window before the hash started is not recorded: a
    /// change in the same coarse clock tick could leave every stat field equal (git's "racily clean"
    /// problem). Such a file is simply re-read by the next build, and recorded then.
    /// </summary>
    public TimeSpan RacyWindow { get; init; } = TimeSpan.FromMilliseconds(100);
}
