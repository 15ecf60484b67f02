using System.Text.Json;
using Kiln.Oci;
using Kiln.Oci.Images;
using Kiln.Oci.Json;
using Kiln.Storage.Blobs;
using Kiln.Storage.Errors;
using Kiln.Storage.Images;
using Kiln.Storage.Layout;
using Kiln.Storage.Locking;
using Kiln.Storage.Snapshots;

namespace Kiln.Storage;

/// <summary>
/// Kiln's local image store (issue 3 "Local store", ARCHITECTURE.md decision 5): an OCI image layout at the root
/// (<c>oci-layout</c>, <c>index.json</c> whose entries carry <c>org.opencontainers.image.ref.name</c>, <c>blobs/sha256/</c>)
/// that skopeo (<c>oci:&lt;root&gt;:&lt;ref&gt;</c>) and umoci read directly, with Kiln's own <c>ingest/</c>, <c>snapshots/</c>
/// and <c>locks/</c> beside it. Writers are serialised by a file lock, so several processes can share one store;
/// readers take no lock because every file becomes visible through an atomic rename. Blobs are always written before
/// the reference that needs them, so a crash never leaves a dangling reference.
/// </summary>
public sealed partial class LocalStore
{
    private static ReadOnlySpan<byte> LayoutFileContent => "{\"imageLayoutVersion\":\"1.0.0\"}"u8;

    private readonly StorePaths _paths;
    private readonly LocalStoreOptions _options;

    private LocalStore(StorePaths paths, LocalStoreOptions options)
    {
        _paths = paths;
        _options = options;
        Blobs = new LocalBlobStore(paths);
        Snapshots = new SnapshotStore(paths, Blobs, options.Decompressor ?? new DefaultLayerDecompressor());
    }

    /// <summary>The store root directory.</summary>
    public string Root => _paths.Root;

    /// <summary>The content-addressed blobs.</summary>
    public LocalBlobStore Blobs { get; }

    /// <summary>
    /// The directory where builds keep their working trees (overlay upper, work and mount dirs). It is on the same
    /// filesystem as the snapshots, so a committed upper dir becomes a snapshot by a rename.
    /// </summary>
    public string BuildDirectory => _paths.Build;

    /// <summary>The unpacked layers.</summary>
    public SnapshotStore Snapshots { get; }

    /// <summary>
    /// Opens the store at <paramref name="root"/>, creating the layout when missing, and removes temp files that crashed
    /// processes left in <c>ingest/</c> (older than <see cref="LocalStoreOptions.StaleIngestAge"/>).
    /// </summary>
    /// <exception cref="StoreCorruptedException"><c>oci-layout</c> or <c>index.json</c> exists but is not valid.</exception>
    public static async Task<LocalStore> OpenAsync(string root, LocalStoreOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        var paths = new StorePaths(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)));
        var store = new LocalStore(paths, options ?? new LocalStoreOptions());
        try
        {
            Directory.CreateDirectory(paths.Root);
            Directory.CreateDirectory(paths.BlobDirectory(Digest.Sha256));
            Directory.CreateDirectory(paths.Ingest);
            Directory.CreateDirectory(paths.Snapshots);
            Directory.CreateDirectory(paths.Locks);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new StoreException($"cannot create the store at {paths.Root}: {e.Message}; choose another location with --root", e);
        }

        if (!File.Exists(paths.LayoutFile) || !File.Exists(paths.IndexFile))
        {
            using var writeLock = await StoreLock.AcquireAsync(paths.WriteLock, cancellationToken).ConfigureAwait(false);
            if (!File.Exists(paths.LayoutFile))
            {
                Durability.ReplaceFile(paths.LayoutFile, LayoutFileContent, paths.Ingest);
            }

            if (!File.Exists(paths.IndexFile))
            {
                store.WriteIndex([]);
            }
        }

        store.ValidateLayoutFile();
        store.ReadIndex();
        store.RemoveStaleIngest(store._options.StaleIngestAge);
        return store;
    }

    private void ValidateLayoutFile()
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(_paths.LayoutFile));
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("imageLayoutVersion", out var version)
                || version.ValueKind != JsonValueKind.String)
            {
                throw new StoreCorruptedException(_paths.LayoutFile, "not an OCI layout file: expected {\"imageLayoutVersion\": \"1.0.0\"}");
            }
        }
        catch (JsonException e)
        {
            throw new StoreCorruptedException(_paths.LayoutFile, "not valid JSON: " + e.Message, e);
        }
    }

    /// <summary>The entries of <c>index.json</c> (one descriptor per reference).</summary>
    internal IReadOnlyList<Descriptor> ReadIndex()
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(_paths.IndexFile);
        }
        catch (FileNotFoundException)
        {
            return [];
        }

        try
        {
            return OciJson.DeserializeIndex(bytes).Manifests;
        }
        catch (InvalidDocumentException e)
        {
            throw new StoreCorruptedException(_paths.IndexFile, e.Message, e);
        }
    }

    /// <summary>Replaces <c>index.json</c> atomically; callers hold the write lock.</summary>
    private void WriteIndex(IReadOnlyList<Descriptor> entries)
    {
        var bytes = OciJson.Serialize(new ImageIndex(MediaTypes.OciImageIndex, entries));
        Durability.ReplaceFile(_paths.IndexFile, bytes, _paths.Ingest);
    }

    private Task<StoreLock> LockAsync(CancellationToken cancellationToken) =>
        StoreLock.AcquireAsync(_paths.WriteLock, cancellationToken);

    private int RemoveStaleIngest(TimeSpan age)
    {
        if (!Directory.Exists(_paths.Ingest))
        {
            return 0;
        }

        var now = _options.Time.GetUtcNow();
        var removed = 0;
        foreach (var entry in new DirectoryInfo(_paths.Ingest).EnumerateFileSystemInfos())
        {
            if (now - entry.LastWriteTimeUtc < age)
            {
                continue;
            }

            try
            {
                if (entry is DirectoryInfo)
                {
                    new Kiln.Linux.LinuxFileSystem().RemoveTree(entry.FullName);
                }
                else
                {
                    entry.Delete();
                }

                removed++;
            }
            catch (IOException)
            {
                // Another process cleaned it up at the same moment.
            }
        }

        return removed;
    }

    private static string? RefName(Descriptor entry) =>
        entry.Annotations is { } annotations && annotations.TryGetValue(StoreAnnotations.RefName, out var name) ? name : null;

    private static ImageReference? ParseRefName(Descriptor entry) =>
        ImageReference.TryParse(RefName(entry), out var reference) ? reference : null;
}
