using Kiln.Archives.Extraction;
using Kiln.Archives.Whiteouts;
using Kiln.Linux;
using Kiln.Oci;
using Kiln.Storage.Blobs;
using Kiln.Storage.Errors;
using Kiln.Storage.Images;
using Kiln.Storage.Layout;

namespace Kiln.Storage.Snapshots;

/// <summary>
/// Unpacked layers keyed by chain ID (issue 3 "Snapshots"): each layer is extracted once into
/// <c>snapshots/&lt;chain-id hex&gt;/</c> in overlayfs format (whiteouts as char 0/0 devices, opaque directories with
/// <c>trusted.overlay.opaque=y</c>) and shared by every image with the same layer stack. Extraction goes to a temp
/// directory in <c>ingest/</c>, the DiffID is verified, then the directory is renamed into place: a snapshot directory
/// that exists is complete. No lock is needed: two processes unpacking the same layer race on an atomic rename.
/// </summary>
public sealed class SnapshotStore
{
    private readonly StorePaths _paths;
    private readonly LocalBlobStore _blobs;
    private readonly ILayerDecompressor _decompressor;
    private readonly LinuxFileSystem _fs = new();

    internal SnapshotStore(StorePaths paths, LocalBlobStore blobs, ILayerDecompressor decompressor)
    {
        _paths = paths;
        _blobs = blobs;
        _decompressor = decompressor;
    }

    /// <summary>The directory of a snapshot (whether or not it exists).</summary>
    public string GetPath(Digest chainId) => _paths.Snapshot(chainId);

    /// <summary>True when the snapshot has been unpacked.</summary>
    public bool Exists(Digest chainId) => Directory.Exists(GetPath(chainId));

    /// <summary>The chain IDs of every snapshot present.</summary>
    public IReadOnlyList<Digest> List()
    {
        if (!Directory.Exists(_paths.Snapshots))
        {
            return [];
        }

        var result = new List<Digest>();
        foreach (var directory in Directory.EnumerateDirectories(_paths.Snapshots))
        {
            if (Digest.TryParse(Digest.Sha256 + ":" + Path.GetFileName(directory), out var chainId))
            {
                result.Add(chainId);
            }
        }

        return result;
    }

    /// <summary>
    /// Makes sure every layer of <paramref name="image"/> is unpacked and returns them bottom to top
    /// (<see cref="SnapshotChain.LowerDirs"/> gives overlayfs order).
    /// </summary>
    /// <exception cref="InvalidImageException">The config's DiffIDs do not match the manifest's layers.</exception>
    /// <exception cref="LayerDiffIdMismatchException">A layer does not uncompress to its DiffID.</exception>
    public async Task<SnapshotChain> PrepareAsync(StoredImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var layers = image.Layers;
        var diffIds = image.DiffIds;
        if (layers.Count != diffIds.Count)
        {
            throw new InvalidImageException(
                image.ManifestDigest.ToString(),
                $"the manifest has {layers.Count} layers but the config lists {diffIds.Count} DiffIDs");
        }

        var chainIds = ChainId.Compute(diffIds);
        var snapshots = new List<Snapshot>(layers.Count);
        for (var i = 0; i < layers.Count; i++)
        {
            var path = GetPath(chainIds[i]);
            if (!Directory.Exists(path))
            {
                await UnpackAsync(layers[i], diffIds[i], path, cancellationToken).ConfigureAwait(false);
            }

            snapshots.Add(new Snapshot(chainIds[i], diffIds[i], layers[i].Digest, path));
        }

        return new SnapshotChain(snapshots);
    }

    /// <summary>
    /// Makes sure the snapshot <paramref name="chainId"/> exists, unpacking <paramref name="layer"/> (which must uncompress to
    /// <paramref name="diffId"/>) when it does not. Returns its path. Used when a cached build step's layer is reused.
    /// </summary>
    public async Task<string> EnsureAsync(Digest chainId, Descriptor layer, Digest diffId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var path = GetPath(chainId);
        if (!Directory.Exists(path))
        {
            await UnpackAsync(layer, diffId, path, cancellationToken).ConfigureAwait(false);
        }

        return path;
    }

    /// <summary>
    /// Makes <paramref name="directory"/> (a tree in overlay format on the store's filesystem, e.g. a committed build
    /// step's upper dir) the snapshot of <paramref name="chainId"/> by an atomic rename. When the snapshot already exists
    /// (another build made the same layer), <paramref name="directory"/> is deleted instead. Returns the snapshot path.
    /// </summary>
    public string Adopt(Digest chainId, string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var destination = GetPath(chainId);
        Directory.CreateDirectory(_paths.Snapshots);
        if (!Directory.Exists(destination))
        {
            try
            {
                Directory.Move(directory, destination);
                Durability.SyncDirectory(_paths.Snapshots);
                return destination;
            }
            catch (IOException) when (Directory.Exists(destination))
            {
                // Lost a race with another process committing the same layer; its copy is identical.
            }
        }

        _fs.RemoveTree(directory);
        return destination;
    }

    /// <summary>Removes a snapshot (garbage collection, under the write lock): moved out of <c>snapshots/</c> atomically, then deleted.</summary>
    internal long DeleteUnlocked(Digest chainId)
    {
        var path = GetPath(chainId);
        if (!Directory.Exists(path))
        {
            return 0;
        }

        var size = MeasureTree(path);
        var doomed = _paths.NewIngestPath("deleted");
        Directory.Move(path, doomed);
        Durability.SyncDirectory(_paths.Snapshots);
        _fs.RemoveTree(doomed);
        return size;
    }

    /// <summary>Bytes used by a directory tree (regular files, each inode once, plus symlink targets).</summary>
    internal long MeasureTree(string root)
    {
        long total = 0;
        var seen = new HashSet<FileIdentity>();
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
            {
                var status = _fs.TryLStat(entry);
                if (status is null)
                {
                    continue;
                }

                if (status.Kind == FileKind.Directory)
                {
                    pending.Push(entry);
                }
                else if (status.Kind is FileKind.Regular or FileKind.Symlink && (status.LinkCount <= 1 || seen.Add(status.Identity)))
                {
                    total += status.Size;
                }
            }
        }

        return total;
    }

    private async Task UnpackAsync(Descriptor layer, Digest diffId, string destination, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_paths.Ingest);
        var temp = _paths.NewIngestPath("snapshot");
        try
        {
            await using (var blob = await _blobs.OpenReadAsync(layer, cancellationToken).ConfigureAwait(false))
            {
                var actual = await Task.Run(() => Extract(blob, layer.MediaType, diffId.Algorithm, temp, cancellationToken), cancellationToken).ConfigureAwait(false);

                // Read what the decompressor left (gzip trailer, padding) so the blob's own digest is verified too.
                await blob.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
                if (actual != diffId)
                {
                    throw new LayerDiffIdMismatchException(layer.Digest, diffId, actual);
                }
            }

            Directory.CreateDirectory(_paths.Snapshots);
            try
            {
                Directory.Move(temp, destination);
            }
            catch (IOException) when (Directory.Exists(destination))
            {
                // Another process unpacked the same chain first; its copy is identical.
                return;
            }

            Durability.SyncDirectory(_paths.Snapshots);
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                _fs.RemoveTree(temp);
            }
        }
    }

    private Digest Extract(Stream blob, string mediaType, string algorithm, string root, CancellationToken cancellationToken)
    {
        using var tar = _decompressor.OpenUncompressed(blob, mediaType);
        using var hashing = new DigestingStream(tar, algorithm, leaveOpen: true);
        var extractor = new SafeExtractor(_fs, new SafeExtractorOptions { Whiteouts = WhiteoutHandling.Overlay });
        extractor.Extract(hashing, root, cancellationToken);

        // The tar reader may stop at the end-of-archive blocks; the DiffID covers every byte of the tar.
        hashing.CopyTo(Stream.Null);
        return hashing.Digest;
    }
}
