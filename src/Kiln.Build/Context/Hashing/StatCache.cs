using System.Security.Cryptography;
using Kiln.Oci;

namespace Kiln.Build.Context.Hashing;

/// <summary>
/// A persistent map from a file's identity and stat fields (absolute path, device, inode, size, mtime ns,
/// ctime ns, type, mode, uid, gid) to its content SHA-256, so that unchanged files are not re-read between
/// builds (ARCHITECTURE decision 1: it only skips reading; cache keys stay content hashes). A digest is
/// reused only when every field matches; ctime catches chmod, chown and rewrites that restore mtime.
/// The file is loaded lazily, validated on load (a bad file is ignored), written atomically (temp file +
/// rename; last writer wins when two processes share it), and bounded (idle entries and overflow dropped).
/// Thread-safe.
/// </summary>
public sealed partial class StatCache
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, StatCacheEntry> entries = new(StringComparer.Ordinal);
    private long currentRun;
    private long hits;
    private long misses;
    private long stores;
    private long racySkips;
    private bool dirty;

    /// <param name="directory">The directory that holds the cache file (e.g. the store's <c>cache/stat/</c>); created on save.</param>
    /// <param name="options">Limits and file name; null for the defaults.</param>
    public StatCache(string directory, StatCacheOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Options = options ?? new StatCacheOptions();
        Directory = Path.GetFullPath(directory);
        FilePath = Path.Combine(Directory, Options.FileName);
    }

    /// <summary>The directory that holds the cache file.</summary>
    public string Directory { get; }

    /// <summary>The cache file.</summary>
    public string FilePath { get; }

    /// <summary>The options in force.</summary>
    public StatCacheOptions Options { get; }

    /// <summary>Lookups answered from the cache (the file was not read).</summary>
    public long Hits => Interlocked.Read(ref hits);

    /// <summary>Lookups that found no entry or a stale one (the file had to be read).</summary>
    public long Misses => Interlocked.Read(ref misses);

    /// <summary>Digests recorded in this process.</summary>
    public long Stores => Interlocked.Read(ref stores);

    /// <summary>Digests not recorded because the file changed too recently to be trusted (see <see cref="StatCacheOptions.RacyWindow"/>).</summary>
    public long RacySkips => Interlocked.Read(ref racySkips);

    /// <summary>What loading found (<see cref="StatCacheLoadState.NotLoaded"/> until the first use).</summary>
    public StatCacheLoadState LoadState { get; private set; }

    /// <summary>Entries currently held (loads the file if needed).</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                EnsureLoaded();
                return entries.Count;
            }
        }
    }

    /// <summary>
    /// Returns the content digest recorded for <paramref name="absolutePath"/> when every stat field in
    /// <paramref name="metadata"/> matches the recorded ones; counts a hit or a miss.
    /// </summary>
    public bool TryGetContentDigest(string absolutePath, in FileMetadata metadata, out Digest contentDigest)
    {
        Span<byte> sha = stackalloc byte[32];
        if (TryGet(absolutePath, metadata, sha))
        {
            contentDigest = Digest.FromHash(Digest.Sha256, sha);
            return true;
        }

        contentDigest = default;
        return false;
    }

    /// <summary>
    /// Records the content digest of a file hashed under <paramref name="metadata"/>, unless its mtime or
    /// ctime is too close to <paramref name="hashStartedUtc"/> (the moment before its stat was taken) to rule
    /// out an unnoticed change in the same clock tick.
    /// </summary>
    /// <returns>True when recorded.</returns>
    public bool Store(string absolutePath, in FileMetadata metadata, Digest contentDigest, DateTimeOffset hashStartedUtc)
    {
        if (contentDigest.Algorithm != Digest.Sha256)
        {
            throw new ArgumentException("The stat cache records sha256 content digests only.", nameof(contentDigest));
        }

        return Store(absolutePath, metadata, Convert.FromHexString(contentDigest.Encoded), hashStartedUtc);
    }

    internal bool TryGet(string absolutePath, in FileMetadata metadata, Span<byte> contentSha256) =>
        TryGet(absolutePath, metadata, contentSha256, out _);

    internal bool TryGet(string absolutePath, in FileMetadata metadata, Span<byte> contentSha256, out bool noExtendedAttributes)
    {
        ArgumentException.ThrowIfNullOrEmpty(absolutePath);
        lock (gate)
        {
            EnsureLoaded();
            if (entries.TryGetValue(absolutePath, out var entry) && entry.Metadata == metadata)
            {
                noExtendedAttributes = entry.NoExtendedAttributes;
                if (entry.LastSeenRun <= currentRun - Math.Max(1, Options.MaxIdleRuns / 2))
                {
                    // Getting old: the next save must record that it is still in use.
                    dirty = true;
                }

                entry.LastSeenRun = currentRun;
                entry.ContentSha256.CopyTo(contentSha256);
                Interlocked.Increment(ref hits);
                return true;
            }

            Interlocked.Increment(ref misses);
            noExtendedAttributes = false;
            return false;
        }
    }

    internal bool Store(string absolutePath, in FileMetadata metadata, byte[] contentSha256, DateTimeOffset hashStartedUtc, bool noExtendedAttributes = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(absolutePath);
        if (contentSha256.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException("A SHA-256 digest is 32 bytes.", nameof(contentSha256));
        }

        lock (gate)
        {
            EnsureLoaded();
            dirty = true;
            if (RacyWait(metadata, hashStartedUtc) > TimeSpan.Zero)
            {
                entries.Remove(absolutePath);
                Interlocked.Increment(ref racySkips);
                return false;
            }

            entries[absolutePath] = new StatCacheEntry(metadata, contentSha256, noExtendedAttributes, currentRun);
            Interlocked.Increment(ref stores);
            return true;
        }
    }

    /// <summary>
    /// How long after <paramref name="nowUtc"/> a read of the file must start for its digest to be recorded:
    /// zero when its mtime and ctime already lie outside the racy window (<see cref="StatCacheOptions.RacyWindow"/>,
    /// or <see cref="StatCacheOptions.CoarseRacyWindow"/> for whole-second stamps).
    /// </summary>
    public TimeSpan RacyWait(in FileMetadata metadata, DateTimeOffset nowUtc)
    {
        var newest = Math.Max(metadata.ModifiedNs, metadata.ChangedNs);
        var window = newest % 1_000_000_000L == 0 ? Options.CoarseRacyWindow : Options.RacyWindow;
        var nowNs = (nowUtc.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        var waitNs = newest + (window.Ticks * 100) - nowNs;
        return waitNs < 0 ? TimeSpan.Zero : TimeSpan.FromTicks((waitNs / 100) + 1);
    }

    /// <summary>Forgets every entry (the file is rewritten empty by the next <see cref="Save"/>).</summary>
    public void Clear()
    {
        lock (gate)
        {
            EnsureLoaded();
            entries.Clear();
            dirty = true;
        }
    }
}
