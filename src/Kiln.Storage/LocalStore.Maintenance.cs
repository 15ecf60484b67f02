using System.Text.Json;
using Kiln.Oci;
using Kiln.Oci.Json;
using Kiln.Storage.Maintenance;

namespace Kiln.Storage;

/// <summary>Garbage collection (<c>kiln prune</c>), disk usage (<c>kiln system df</c>) and consistency checks (<c>kiln system check</c>).</summary>
public sealed partial class LocalStore
{
    private const long MaxSniffedDocumentSize = 4 << 20;

    private static readonly HashSet<string> KnownRootEntries = ["oci-layout", "index.json", "blobs", "ingest", "snapshots", "locks", "cache", "build", "debug"];

    /// <summary>
    /// Mark and sweep under the write lock: marks every blob reachable from <c>index.json</c> and
    /// <see cref="LocalStoreOptions.ExtraRoots"/> (indexes → manifests → config + layers) and the snapshots of every
    /// marked config's layer chain, then removes the unmarked blobs and snapshots and stale <c>ingest/</c> entries.
    /// </summary>
    public async Task<PruneResult> PruneAsync(PruneOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new PruneOptions();
        using var writeLock = await LockAsync(cancellationToken).ConfigureAwait(false);
        var (blobs, chains) = await MarkAsync(cancellationToken).ConfigureAwait(false);
        var now = _options.Time.GetUtcNow();
        long freed = 0;
        var removedBlobs = new List<Digest>();
        foreach (var (digest, size) in Blobs.Enumerate().ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!blobs.Contains(digest) && now - File.GetLastWriteTimeUtc(Blobs.GetPath(digest)) >= options.MinimumAge && Blobs.DeleteUnlocked(digest))
            {
                removedBlobs.Add(digest);
                freed += size;
            }
        }

        var removedSnapshots = new List<Digest>();
        foreach (var chainId in Snapshots.List())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!chains.Contains(chainId) && now - Directory.GetLastWriteTimeUtc(Snapshots.GetPath(chainId)) >= options.MinimumAge)
            {
                freed += Snapshots.DeleteUnlocked(chainId);
                removedSnapshots.Add(chainId);
            }
        }

        var ingest = RemoveStaleIngest(_options.StaleIngestAge);
        return new PruneResult(removedBlobs, removedSnapshots, ingest, freed);
    }

    /// <summary>Space used by images, layers (unique to one image vs shared), snapshots, ingest and cache.</summary>
    public async Task<DiskUsage> DiskUsageAsync(CancellationToken cancellationToken = default)
    {
        var entries = ReadIndex();
        var sizes = Blobs.Enumerate().ToDictionary(b => b.Digest, b => b.Size);
        var reachable = new HashSet<Digest>();
        var layerUsers = new Dictionary<Digest, int>();
        var targets = entries.DistinctBy(e => e.Digest).ToList();
        foreach (var target in targets)
        {
            var imageBlobs = new HashSet<Digest>();
            var imageLayers = new HashSet<Digest>();
            await WalkAsync(target, imageBlobs, null, imageLayers, cancellationToken).ConfigureAwait(false);
            reachable.UnionWith(imageBlobs);
            foreach (var layer in imageLayers)
            {
                layerUsers[layer] = layerUsers.GetValueOrDefault(layer) + 1;
            }
        }

        long Size(Digest d) => sizes.GetValueOrDefault(d);
        var snapshots = Snapshots.List();
        return new DiskUsage(
            References: entries.Count,
            Images: targets.Count,
            ImagesBytes: reachable.Sum(Size),
            UniqueLayerBytes: layerUsers.Where(l => l.Value == 1).Sum(l => Size(l.Key)),
            SharedLayerBytes: layerUsers.Where(l => l.Value > 1).Sum(l => Size(l.Key)),
            UnreferencedBytes: sizes.Where(b => !reachable.Contains(b.Key)).Sum(b => b.Value),
            Snapshots: snapshots.Count,
            SnapshotsBytes: snapshots.Sum(c => Snapshots.MeasureTree(Snapshots.GetPath(c))),
            IngestBytes: Directory.Exists(_paths.Ingest) ? Snapshots.MeasureTree(_paths.Ingest) : 0,
            CacheBytes: Directory.Exists(_paths.Cache) ? Snapshots.MeasureTree(_paths.Cache) : 0);
    }

    /// <summary>
    /// Verifies the whole store without changing it: every blob's digest, every reference's blobs (present, sizes as
    /// declared, documents parseable, configs consistent with their manifests), the layout files, and that nothing but
    /// blobs lives in the layout (temp files belong in <c>ingest/</c>).
    /// </summary>
    public async Task<CheckReport> CheckAsync(CancellationToken cancellationToken = default)
    {
        var problems = new List<StoreProblem>();
        CheckLayoutFiles(problems);
        var (blobCount, bytes, corrupt) = await CheckBlobsAsync(problems, cancellationToken).ConfigureAwait(false);

        IReadOnlyList<Descriptor> entries = [];
        try
        {
            entries = ReadIndex();
        }
        catch (Errors.StoreCorruptedException e)
        {
            problems.Add(new StoreProblem(StoreProblemKind.InvalidDocument, _paths.IndexFile, e.Reason));
        }

        var visited = new HashSet<Digest>();
        foreach (var entry in entries)
        {
            var subject = RefName(entry) is { } name ? $"reference {name}" : $"index.json entry {entry.Digest}";
            await CheckDescriptorAsync(entry, subject, corrupt, visited, problems, cancellationToken).ConfigureAwait(false);
        }

        if (Directory.Exists(_paths.Snapshots))
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(_paths.Snapshots))
            {
                if (!Directory.Exists(entry) || !Digest.TryParse(Digest.Sha256 + ":" + Path.GetFileName(entry), out _))
                {
                    problems.Add(new StoreProblem(StoreProblemKind.StrayFile, entry, "not a snapshot directory named by a chain ID; remove it"));
                }
            }
        }

        return new CheckReport(blobCount, bytes, entries.Count, problems);
    }

    private void CheckLayoutFiles(List<StoreProblem> problems)
    {
        try
        {
            ValidateLayoutFile();
        }
        catch (Exception e) when (e is Errors.StoreCorruptedException or IOException)
        {
            problems.Add(new StoreProblem(StoreProblemKind.InvalidDocument, _paths.LayoutFile, e.Message));
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(_paths.Root))
        {
            if (!KnownRootEntries.Contains(Path.GetFileName(entry)))
            {
                problems.Add(new StoreProblem(StoreProblemKind.StrayFile, entry, "unexpected file in the store root (temp files belong in ingest/); remove it"));
            }
        }
    }

    private async Task<(int Count, long Bytes, HashSet<Digest> Corrupt)> CheckBlobsAsync(List<StoreProblem> problems, CancellationToken cancellationToken)
    {
        var corrupt = new HashSet<Digest>();
        var count = 0;
        long bytes = 0;
        foreach (var directory in Directory.EnumerateFileSystemEntries(_paths.Blobs))
        {
            var algorithm = Path.GetFileName(directory);
            if (!Directory.Exists(directory) || Digest.HashLength(algorithm) is null)
            {
                problems.Add(new StoreProblem(StoreProblemKind.StrayFile, directory, "not a blob directory of a supported digest algorithm; remove it"));
                continue;
            }

            foreach (var file in Directory.EnumerateFileSystemEntries(directory))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!File.Exists(file) || !Digest.TryParse(algorithm + ":" + Path.GetFileName(file), out var digest))
                {
                    problems.Add(new StoreProblem(StoreProblemKind.StrayFile, file, "not a blob named by its digest (a leftover temp file?); remove it"));
                    continue;
                }

                count++;
                Digest actual;
                await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 17, FileOptions.SequentialScan))
                {
                    bytes += stream.Length;
                    actual = await Digest.ComputeAsync(stream, algorithm, cancellationToken).ConfigureAwait(false);
                }

                if (actual != digest)
                {
                    corrupt.Add(digest);
                    problems.Add(new StoreProblem(StoreProblemKind.CorruptBlob, file, $"content hashes to {actual}, not {digest}; remove the blob and pull or build the images using it again"));
                }
            }
        }

        return (count, bytes, corrupt);
    }

    private async Task CheckDescriptorAsync(
        Descriptor descriptor, string subject, HashSet<Digest> corrupt, HashSet<Digest> visited, List<StoreProblem> problems, CancellationToken cancellationToken)
    {
        if (descriptor.Data is not null)
        {
            return;
        }

        var size = Blobs.GetSize(descriptor.Digest);
        if (size is null)
        {
            problems.Add(new StoreProblem(StoreProblemKind.MissingBlob, subject, $"needs blob {descriptor.Digest} ({descriptor.MediaType}), which is not in the store"));
            return;
        }

        if (size != descriptor.Size)
        {
            problems.Add(new StoreProblem(StoreProblemKind.SizeMismatch, subject, $"blob {descriptor.Digest} is {size} bytes, the descriptor says {descriptor.Size}"));
            return;
        }

        var isIndex = MediaTypes.IsIndex(descriptor.MediaType);
        var isManifest = MediaTypes.IsManifest(descriptor.MediaType);
        if (corrupt.Contains(descriptor.Digest) || !(isIndex || isManifest) || !visited.Add(descriptor.Digest))
        {
            return;
        }

        var bytes = await File.ReadAllBytesAsync(Blobs.GetPath(descriptor.Digest), cancellationToken).ConfigureAwait(false);
        var what = $"{(isIndex ? "index" : "manifest")} {descriptor.Digest}";
        try
        {
            if (isIndex)
            {
                foreach (var child in RawDocument.ParseIndex(bytes, descriptor.MediaType).Value.Manifests)
                {
                    // Platforms that were never pulled are legitimately absent from a multi-platform index.
                    if (Blobs.GetSize(child.Digest) is not null)
                    {
                        await CheckDescriptorAsync(child, what, corrupt, visited, problems, cancellationToken).ConfigureAwait(false);
                    }
                }

                return;
            }

            var manifest = RawDocument.ParseManifest(bytes, descriptor.MediaType).Value;
            foreach (var needed in manifest.Layers.Prepend(manifest.Config))
            {
                await CheckDescriptorAsync(needed, what, corrupt, visited, problems, cancellationToken).ConfigureAwait(false);
            }

            var configPath = Blobs.GetPath(manifest.Config.Digest);
            if (manifest.Config.Data is null && File.Exists(configPath) && !corrupt.Contains(manifest.Config.Digest) && MediaTypes.IsConfig(manifest.Config.MediaType))
            {
                var config = RawDocument.ParseConfig(await File.ReadAllBytesAsync(configPath, cancellationToken).ConfigureAwait(false), manifest.Config.MediaType).Value;
                if (config.RootFs.DiffIds.Count != manifest.Layers.Count)
                {
                    problems.Add(new StoreProblem(StoreProblemKind.InvalidDocument, what, $"has {manifest.Layers.Count} layers but its config lists {config.RootFs.DiffIds.Count} DiffIDs"));
                }
            }
        }
        catch (InvalidDocumentException e)
        {
            problems.Add(new StoreProblem(StoreProblemKind.InvalidDocument, what, e.Message));
        }
    }

    private async Task<(HashSet<Digest> Blobs, HashSet<Digest> Chains)> MarkAsync(CancellationToken cancellationToken)
    {
        var blobs = new HashSet<Digest>();
        var chains = new HashSet<Digest>();
        var roots = new List<Descriptor>(ReadIndex());
        foreach (var source in _options.ExtraRoots)
        {
            var extra = await source.GetRootsAsync(cancellationToken).ConfigureAwait(false);
            roots.AddRange(extra.Descriptors);
            chains.UnionWith(extra.ChainIds);
        }

        foreach (var root in roots)
        {
            await WalkAsync(root, blobs, chains, null, cancellationToken).ConfigureAwait(false);
        }

        return (blobs, chains);
    }

    /// <summary>Marks <paramref name="descriptor"/> and what it references; damaged or missing documents end the walk there.</summary>
    private async Task WalkAsync(Descriptor descriptor, HashSet<Digest> blobs, HashSet<Digest>? chains, HashSet<Digest>? layers, CancellationToken cancellationToken)
    {
        if (!blobs.Add(descriptor.Digest) || Blobs.GetSize(descriptor.Digest) is not { } size)
        {
            return;
        }

        var type = descriptor.MediaType;
        if (!MediaTypes.IsIndex(type) && !MediaTypes.IsManifest(type))
        {
            if (size > MaxSniffedDocumentSize || MediaTypes.IsLayer(type) || MediaTypes.IsConfig(type))
            {
                return;
            }

            type = OciJson.DetectMediaType(await File.ReadAllBytesAsync(Blobs.GetPath(descriptor.Digest), cancellationToken).ConfigureAwait(false));
        }

        try
        {
            var bytes = await File.ReadAllBytesAsync(Blobs.GetPath(descriptor.Digest), cancellationToken).ConfigureAwait(false);
            if (MediaTypes.IsIndex(type))
            {
                foreach (var child in RawDocument.ParseIndex(bytes, type).Value.Manifests)
                {
                    await WalkAsync(child, blobs, chains, layers, cancellationToken).ConfigureAwait(false);
                }
            }
            else if (MediaTypes.IsManifest(type))
            {
                var manifest = RawDocument.ParseManifest(bytes, type).Value;
                blobs.Add(manifest.Config.Digest);
                foreach (var layer in manifest.Layers)
                {
                    blobs.Add(layer.Digest);
                    layers?.Add(layer.Digest);
                }

                var configPath = Blobs.GetPath(manifest.Config.Digest);
                if (chains is not null && MediaTypes.IsConfig(manifest.Config.MediaType) && File.Exists(configPath))
                {
                    var config = RawDocument.ParseConfig(await File.ReadAllBytesAsync(configPath, cancellationToken).ConfigureAwait(false), manifest.Config.MediaType);
                    chains.UnionWith(Kiln.Storage.Snapshots.ChainId.Compute(config.Value.RootFs.DiffIds));
                }
            }
        }
        catch (Exception e) when (e is InvalidDocumentException or JsonException)
        {
            // A damaged document keeps only itself; CheckAsync reports it.
        }
    }
}
