using System.Text.Json;
using Kiln.Linux;
using Kiln.Oci;

namespace Kiln.Build.Cache;

/// <summary>
/// Kiln's persistent build cache (ARCHITECTURE.md decision 1; DF-CACHE-LOCAL, DF-CACHE-NO-CACHE): step results by
/// <see cref="CacheKey"/>, kept under <c>&lt;store root&gt;/cache/</c> beside the local store whose blobs hold the layers.
/// <list type="bullet">
/// <item><c>records/&lt;2 hex&gt;/&lt;64 hex&gt;.json</c>: one small JSON file per record, sharded by key prefix.</item>
/// <item><c>steps/&lt;2 hex&gt;/&lt;64 hex&gt;.json</c>: the last key parts seen per step identity (SHA-256 of it), for <c>--explain-cache</c>,
/// with a <c>.key</c> file beside it (a digest of those parts and the document's length) that spares rewriting it.</item>
/// <item><c>tmp/</c>: files being written.</item>
/// </list>
/// Every file is written to <c>tmp/</c>, fsynced, renamed into place and its directory fsynced, so readers in any
/// process see a whole old or a whole new file and no lock is needed; two writers of one key both succeed and the last
/// rename wins. A record's file modification time is its last use: a hit only touches it. Records that do not parse
/// or name another key are deleted when met; a record whose layer blob is missing (a prune removed it) is a miss.
/// The records' layers are garbage-collection roots of the store through <see cref="CacheGarbageCollectionRoots"/>.
/// </summary>
public sealed partial class BuildCache
{
    private readonly TimeProvider _time;
    private readonly StoreBlobs _blobs;
    private readonly LinuxFileSystem _fs = new();

    private BuildCache(string storeRoot, TimeProvider time)
    {
        StoreRoot = storeRoot;
        Directory = Path.Combine(storeRoot, "cache");
        _time = time;
        _blobs = new StoreBlobs(storeRoot);
    }

    /// <summary>The local store's root.</summary>
    public string StoreRoot { get; }

    /// <summary>The cache's directory, <c>&lt;store root&gt;/cache</c>.</summary>
    public string Directory { get; }

    private string RecordsDirectory => Path.Combine(Directory, "records");

    private string StepsDirectory => Path.Combine(Directory, "steps");

    private string TempDirectory => Path.Combine(Directory, "tmp");

    /// <summary>
    /// The cache of the store at <paramref name="storeRoot"/>. Nothing is read or created until used, so opening is
    /// free and works on a store that does not exist yet.
    /// </summary>
    public static BuildCache Open(string storeRoot, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storeRoot);
        ArgumentNullException.ThrowIfNull(time);
        return new BuildCache(Path.TrimEndingDirectorySeparator(Path.GetFullPath(storeRoot)), time);
    }

    /// <summary>
    /// The record for <paramref name="key"/>, or null on a miss. A hit sets the record's last use to now (by touching
    /// its file). A corrupt record is deleted and a record whose layer blob is gone is deleted; both are misses.
    /// </summary>
    public async Task<CacheRecord?> TryGetAsync(CacheKey key, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        var path = RecordPath(key);
        var (record, corrupt) = await ReadRecordAsync(path, key, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            if (corrupt)
            {
                _ = TryDelete(path);
            }

            return null;
        }

        if (record.Layer is { } layer && _blobs.Size(layer.Digest) != layer.Size)
        {
            _ = TryDelete(path);
            return null;
        }

        var now = _time.GetUtcNow();
        TrySetLastUse(path, now);
        return record with { LastUsed = now };
    }

    /// <summary>Stores <paramref name="record"/> (replacing any record of its key). Write its layer blob to the store first.</summary>
    public async Task PutAsync(CacheRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        RequireKey(record.Key);
        ArgumentNullException.ThrowIfNull(record.Description);
        var document = new CacheRecordDocument(
            CacheKeyBuilder.Schema, record.Key.Digest, record.Layer, record.DiffId, record.Created, record.LastUsed, record.Description, record.Metadata);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(document, CacheJsonContext.Default.CacheRecordDocument);
        var path = RecordPath(record.Key);
        await WriteAtomicallyAsync(path, bytes, cancellationToken).ConfigureAwait(false);
        TrySetLastUse(path, record.LastUsed);
    }

    /// <summary>Deletes the record of <paramref name="key"/>; false when there was none.</summary>
    public Task<bool> RemoveAsync(CacheKey key, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        var path = RecordPath(key);
        return Task.FromResult(TryDelete(path) is not null);
    }

    /// <summary>Every valid record (corrupt files are skipped here and removed by a hit or a prune).</summary>
    public async Task<IReadOnlyList<CacheRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<CacheRecord>();
        foreach (var (path, key) in EnumerateRecordFiles())
        {
            var (record, _) = await ReadRecordAsync(path, key, cancellationToken).ConfigureAwait(false);
            if (record is not null)
            {
                result.Add(record);
            }
        }

        return result;
    }

    private string RecordPath(CacheKey key) =>
        Path.Combine(RecordsDirectory, key.Digest.Encoded[..2], key.Digest.Encoded + ".json");

    private IEnumerable<(string Path, CacheKey Key)> EnumerateRecordFiles()
    {
        if (!System.IO.Directory.Exists(RecordsDirectory))
        {
            yield break;
        }

        foreach (var shard in System.IO.Directory.EnumerateDirectories(RecordsDirectory))
        {
            IEnumerable<string> files;
            try
            {
                files = System.IO.Directory.EnumerateFiles(shard, "*.json").ToList();
            }
            catch (DirectoryNotFoundException)
            {
                continue;
            }

            foreach (var file in files)
            {
                if (CacheKey.TryParse(Digest.Sha256 + ":" + Path.GetFileNameWithoutExtension(file), out var key))
                {
                    yield return (file, key);
                }
            }
        }
    }

    /// <summary>Reads a record file: (record, false) when valid, (null, false) when absent, (null, true) when corrupt.</summary>
    private async Task<(CacheRecord? Record, bool Corrupt)> ReadRecordAsync(string path, CacheKey key, CancellationToken cancellationToken)
    {
        byte[] bytes;
        DateTime modified;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            modified = File.GetLastWriteTimeUtc(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return (null, false);
        }

        CacheRecordDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(bytes, CacheJsonContext.Default.CacheRecordDocument);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or NotSupportedException)
        {
            return (null, true);
        }

        if (document is null || document.Schema != CacheKeyBuilder.Schema || document.Key != key.Digest || document.Description is null)
        {
            return (null, true);
        }

        // The file's mtime is the last use (a hit touches it); a file copied without its times is never older than written.
        var lastUse = new DateTimeOffset(modified, TimeSpan.Zero);
        return (new CacheRecord(
            key,
            document.Layer,
            document.DiffId,
            document.Created,
            lastUse > document.LastUsed ? lastUse : document.LastUsed,
            document.Description,
            document.Metadata), false);
    }

    private Task WriteAtomicallyAsync(string destination, byte[] bytes, CancellationToken cancellationToken) =>
        WriteAtomicallyAsync(destination, bytes, durable: true, cancellationToken);

    // durable: fsync the file before the rename and the directory after it (records); hints skip both.
    private async Task WriteAtomicallyAsync(string destination, byte[] bytes, bool durable, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(destination)!;
        System.IO.Directory.CreateDirectory(directory);
        System.IO.Directory.CreateDirectory(TempDirectory);
        var temp = Path.Combine(TempDirectory, $"{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: durable);
            }

            // rename(2) replaces atomically: a concurrent reader sees the old or the new record, never a mix.
            File.Move(temp, destination, overwrite: true);
        }
        finally
        {
            _ = TryDelete(temp);
        }

        if (durable)
        {
            _ = _fs.SyncDirectory(directory);
        }
    }

    private static void TrySetLastUse(string path, DateTimeOffset time)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, time.UtcDateTime);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone (pruned by another process) or a read-only store: the last use is only a pruning hint.
        }
    }

    /// <summary>Deletes a file if present; returns its length, or null when it was not there (or could not be deleted).</summary>
    private static long? TryDelete(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return null;
            }

            var length = info.Length;
            info.Delete();
            return length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void RequireKey(CacheKey key)
    {
        if (key.IsEmpty || key.Digest.Algorithm != Digest.Sha256)
        {
            throw new ArgumentException("the cache key is empty; build keys with CacheKeyBuilder", nameof(key));
        }
    }
}
