namespace Kiln.Build.Cache;

/// <summary>Pruning (<c>kiln prune --cache</c>, <c>--keep-storage</c>) and disk usage (<c>kiln system df</c>) of the build cache.</summary>
public sealed partial class BuildCache
{
    /// <summary>Files in <c>tmp/</c> older than this were left by crashed writers; younger ones may be a live write.</summary>
    private static readonly TimeSpan StaleTempAge = TimeSpan.FromHours(1);

    /// <summary>
    /// Deletes records, least recently used first. Only records last used at least <paramref name="olderThan"/> ago are
    /// candidates (all when null). With <paramref name="keepBytes"/> null every candidate goes, together with the
    /// remembered step parts of the same age; otherwise candidates go until the layer blobs that the remaining records
    /// alone hold (no image uses them) total at most <paramref name="keepBytes"/>. Layer blobs are left to the store's
    /// prune, which frees them once no record keeps them. Corrupt records and stale temp files are always removed.
    /// </summary>
    public async Task<CachePruneResult> PruneAsync(long? keepBytes, TimeSpan? olderThan, CancellationToken cancellationToken = default)
    {
        if (keepBytes is { } keep)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(keep, nameof(keepBytes));
        }

        var now = _time.GetUtcNow();
        var cutoff = olderThan is { } age ? now - age : (DateTimeOffset?)null;
        long metadataFreed = 0;
        var entries = new List<(string Path, CacheRecord Record, long FileBytes)>();
        foreach (var (path, key) in EnumerateRecordFiles())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (record, corrupt) = await ReadRecordAsync(path, key, cancellationToken).ConfigureAwait(false);
            if (record is not null)
            {
                entries.Add((path, record, new FileInfo(path).Length));
            }
            else if (corrupt)
            {
                metadataFreed += TryDelete(path) ?? 0;
            }
        }

        var accounting = await CacheLayerAccounting.CreateAsync(_blobs, entries.Select(e => e.Record), cancellationToken).ConfigureAwait(false);
        var removed = new List<CacheRecord>();
        long released = 0;
        var candidates = entries
            .Where(e => cutoff is null || e.Record.LastUsed <= cutoff)
            .OrderBy(e => e.Record.LastUsed)
            .ThenBy(e => e.Record.Created)
            .ThenBy(e => e.Record.Key.ToString(), StringComparer.Ordinal);
        foreach (var (path, record, fileBytes) in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (keepBytes is { } limit && accounting.CacheOnlyBytes <= limit)
            {
                break;
            }

            // A hit or a new put in another process since we read it makes it recent again: keep it.
            if (File.GetLastWriteTimeUtc(path) > record.LastUsed.UtcDateTime || TryDelete(path) is null)
            {
                continue;
            }

            metadataFreed += fileBytes;
            released += accounting.Release(record);
            removed.Add(record);
        }

        if (keepBytes is null)
        {
            metadataFreed += RemoveOldFiles(StepsDirectory, cutoff);
        }

        metadataFreed += RemoveOldFiles(TempDirectory, now - StaleTempAge);
        return new CachePruneResult(removed, released, metadataFreed, accounting.CacheOnlyBytes);
    }

    /// <summary>Records, the layer bytes they reference, the part of those no image uses, and the cache's own files.</summary>
    public async Task<CacheUsage> UsageAsync(CancellationToken cancellationToken = default)
    {
        var records = await ListAsync(cancellationToken).ConfigureAwait(false);
        var accounting = await CacheLayerAccounting.CreateAsync(_blobs, records, cancellationToken).ConfigureAwait(false);
        return new CacheUsage(records.Count, accounting.AllBytes, accounting.CacheOnlyBytes, MeasureFiles(Directory));
    }

    private static long RemoveOldFiles(string directory, DateTimeOffset? cutoff)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            return 0;
        }

        long freed = 0;
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            if (cutoff is null || file.LastWriteTimeUtc <= cutoff.Value.UtcDateTime)
            {
                freed += TryDelete(file.FullName) ?? 0;
            }
        }

        return freed;
    }

    private static long MeasureFiles(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            return 0;
        }

        long total = 0;
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            try
            {
                total += file.Length;
            }
            catch (FileNotFoundException)
            {
                // Renamed or pruned while we walked.
            }
        }

        return total;
    }
}
