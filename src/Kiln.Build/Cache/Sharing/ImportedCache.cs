using System.Collections.Concurrent;
using Kiln.Build.Operations.Run;
using Kiln.Oci;
using Kiln.Storage;

namespace Kiln.Build.Cache.Sharing;

/// <summary>
/// The records and RUN cache mounts of every <c>--cache-from</c> of one build, consulted when the local
/// <see cref="BuildCache"/> misses (CLI-CACHE-FROM). A record hits only on its exact key; its layer blob is fetched into
/// the local store only then, and only if its digest and size match (the store's verified write), so a corrupted or
/// tampered blob is never stored: the step runs instead and a warning says why. The blob must also uncompress to the
/// record's DiffID (the snapshot is looked up by the chain ID made from it), checked once per build. Earlier <c>--cache-from</c> values win
/// for a key seen in several. A mount seeds a local cache mount only when this store has none for that id yet.
/// </summary>
public sealed class ImportedCache(LocalStore store)
{
    private readonly Dictionary<CacheKey, (LoadedCache Source, SharedCacheRecordDocument Record)> _records = [];
    private readonly Dictionary<string, (LoadedCache Source, SharedCacheMountDocument Mount)> _mounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Digest, bool> _unusable = new();
    private readonly ConcurrentDictionary<(Digest Blob, Digest DiffId), bool> _verified = new();
    private readonly ConcurrentQueue<string> _warnings = new();

    /// <summary>How many records the imports hold.</summary>
    public int RecordCount => _records.Count;

    /// <summary>How many cache mounts the imports hold.</summary>
    public int MountCount => _mounts.Count;

    /// <summary>What went wrong while using the imports (blobs that failed verification or could not be fetched).</summary>
    public IReadOnlyCollection<string> Warnings => _warnings;

    /// <summary>Adds a loaded cache. Call before the build starts; lookups are not synchronised with adding.</summary>
    public void Add(LoadedCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        foreach (var record in cache.Records)
        {
            _records.TryAdd(new CacheKey(record.Key), (cache, record));
        }

        foreach (var mount in cache.Mounts)
        {
            _mounts.TryAdd(mount.Id, (cache, mount));
        }
    }

    /// <summary>
    /// The imported record of <paramref name="key"/> with its layer blob now in the local store, or null on a miss (no
    /// such record, or its blob could not be fetched or failed verification). <see cref="CacheRecord.LastUsed"/> is
    /// <paramref name="now"/>; the caller stores the record in the local cache once it has used it.
    /// </summary>
    public async Task<CacheRecord?> TryGetAsync(CacheKey key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!_records.TryGetValue(key, out var entry))
        {
            return null;
        }

        var (source, record) = entry;
        if (record.Layer is { } layer)
        {
            var what = $"layer of step \"{record.Description}\"";
            if (!await FetchAsync(source, layer, what, "the step runs instead", cancellationToken).ConfigureAwait(false)
                || !await VerifyDiffIdAsync(source, layer, record.DiffId!.Value, what, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
        }

        return new CacheRecord(key, record.Layer, record.DiffId, record.Created, now, record.Description, null);
    }

    /// <summary>
    /// Fills cache mount <paramref name="id"/> from the imported tar when <paramref name="mounts"/> has no directory for
    /// it yet (a directory that exists, even empty, is this machine's and is left alone). The tar is verified before it
    /// is unpacked and is unpacked with <see cref="CacheMountArchive"/>, which cannot write outside the mount. False when
    /// nothing was seeded.
    /// </summary>
    public async Task<bool> TrySeedMountAsync(CacheMountStore mounts, string id, uint mode, uint uid, uint gid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        if (!_mounts.TryGetValue(id, out var entry) || mounts.Exists(id))
        {
            return false;
        }

        var (source, mount) = entry;
        if (!await FetchAsync(source, mount.Blob, $"cache mount {id}", "the mount starts empty", cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        try
        {
            await using var blob = await store.Blobs.OpenReadAsync(mount.Blob, cancellationToken).ConfigureAwait(false);
            return mounts.TrySeed(id, mode, uid, gid, directory => CacheMountArchive.Extract(blob, directory, cancellationToken));
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            _warnings.Enqueue($"{source.Source}: cache mount {id} could not be unpacked ({e.Message}); it starts empty");
            return false;
        }
    }

    /// <summary>
    /// Whether <paramref name="layer"/> (in the store) uncompresses to the record's <paramref name="diffId"/>: the snapshot is
    /// found by a chain ID computed from the claimed DiffID, so a record whose blob and DiffID disagree must not hit.
    /// </summary>
    private async Task<bool> VerifyDiffIdAsync(LoadedCache source, Descriptor layer, Digest diffId, string what, CancellationToken cancellationToken)
    {
        if (_verified.TryGetValue((layer.Digest, diffId), out var known))
        {
            return known;
        }

        string? problem = null;
        try
        {
            await using var blob = await store.Blobs.OpenReadAsync(layer, cancellationToken).ConfigureAwait(false);
            await using var tar = Kiln.Archives.Layers.LayerReader.Open(blob, diffId);
            await tar.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            problem = $"blob {layer.Digest} ({what}) does not uncompress to the recorded diffId {diffId}: {e.Message}";
        }

        if (_verified.TryAdd((layer.Digest, diffId), problem is null) && problem is not null)
        {
            _warnings.Enqueue($"{source.Source}: {problem}; the step runs instead");
        }

        return problem is null;
    }

    private async Task<bool> FetchAsync(LoadedCache source, Descriptor blob, string what, string consequence, CancellationToken cancellationToken)
    {
        if (store.Blobs.GetSize(blob.Digest) == blob.Size)
        {
            return true;
        }

        if (_unusable.ContainsKey(blob.Digest))
        {
            return false;
        }

        string problem;
        try
        {
            await using var stream = await source.Storage.OpenBlobAsync(blob, cancellationToken).ConfigureAwait(false);
            await store.Blobs.WriteAsync(stream, blob, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Kiln.Storage.Errors.BlobDigestMismatchException e)
        {
            problem = $"blob {blob.Digest} ({what}) does not match its digest, so it is corrupted or was tampered with: {e.Message}; not stored";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"blob {blob.Digest} ({what}) cannot be fetched: {e.Message}";
        }

        if (_unusable.TryAdd(blob.Digest, true))
        {
            _warnings.Enqueue($"{source.Source}: {problem}; {consequence}");
        }

        return false;
    }
}
