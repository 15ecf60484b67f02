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
    /// A file whose mtime or ctime lies within this window before its content was read is not recorded: a
    /// change in the same clock tick could leave every stat field equal (git's "racily clean" problem). Linux
    /// stamps files from its coarse clock, which lags by at most one scheduler tick (10 ms at HZ=100), so
    /// 20 ms is safe for file systems with sub-second timestamps.
    /// </summary>
    public TimeSpan RacyWindow { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// The racy window for a file whose newer stamp has no sub-second part, as on file systems that store
    /// whole seconds (ext4 with small inodes, FAT's two seconds).
    /// </summary>
    public TimeSpan CoarseRacyWindow { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// When a file changed so recently that it is racy, the hasher waits up to this long for the window to
    /// pass before reading it, so the digest can be recorded on the first build after an edit; a longer wait
    /// is not made and the file is simply read again by the next build.
    /// </summary>
    public TimeSpan MaxRacyWait { get; init; } = TimeSpan.FromMilliseconds(50);
}
