using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Kiln.Archives.Layers;
using Kiln.Build.Cache;
using Kiln.Build.Cache.Sharing;
using Kiln.Build.Operations.Run;
using Kiln.Linux;
using Kiln.Oci;
using Kiln.Oci.Images;
using Kiln.Storage;
using Kiln.Testing;

namespace Kiln.Build.Tests.Cache.Sharing;

/// <summary>
/// docs/cache-format.md "Import and trust": an exported cache read back from an OCI layout hits on exact keys and fetches
/// blobs lazily and verified; damaged or inconsistent caches are refused; mount tars cannot write outside the mount.
/// </summary>
public sealed class CacheImportTests : IDisposable
{
    private static readonly DateTimeOffset Created = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private readonly TempDirectory _dir = new("kiln-cache-import");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Exported_records_hit_on_their_exact_key_and_fetch_the_layer_only_then()
    {
        var (layer, diffId) = await AddLayerAsync("a", "hello");
        var key = Key("step");
        var storage = await ExportAsync(new CacheRecord(key, layer, diffId, Created, Created, "[2/2] COPY x /", null));

        var (loaded, note) = await CacheManifestReader.LoadAsync(storage, "latest", "test cache", CancellationToken.None);
        Assert.Null(note);
        var other = await LocalStore.OpenAsync(Path.Combine(_dir.Path, "b"));
        var imported = new ImportedCache(other);
        imported.Add(loaded!);
        Assert.Null(other.Blobs.GetSize(layer.Digest));

        Assert.Null(await imported.TryGetAsync(Key("another step"), Created, CancellationToken.None));
        Assert.Null(other.Blobs.GetSize(layer.Digest));

        var hit = await imported.TryGetAsync(key, Created.AddDays(1), CancellationToken.None);
        Assert.NotNull(hit);
        Assert.Equal(layer.Digest, hit.Layer!.Digest);
        Assert.Equal(diffId, hit.DiffId);
        Assert.Equal(Created, hit.Created);
        Assert.Equal(layer.Size, other.Blobs.GetSize(layer.Digest));
        Assert.Empty(imported.Warnings);
    }

    [Fact]
    public async Task Exporting_again_into_the_same_directory_repairs_a_damaged_blob()
    {
        var (layer, diffId) = await AddLayerAsync("a", "hello");
        var record = new CacheRecord(Key("step"), layer, diffId, Created, Created, "RUN x", null);
        var storage = await ExportAsync(record);
        var blob = Path.Combine(storage.Location, "blobs", "sha256", layer.Digest.Encoded);
        var bytes = File.ReadAllBytes(blob);
        bytes[^1] ^= 0xff;
        File.WriteAllBytes(blob, bytes);
        Assert.False(await storage.HasBlobAsync(layer, CancellationToken.None));

        await ExportAsync(record);
        Assert.True(await storage.HasBlobAsync(layer, CancellationToken.None));
        Assert.True(layer.Verify(File.ReadAllBytes(blob)));
    }

    [Fact]
    public async Task A_missing_manifest_is_a_note_not_an_error()
    {
        var (loaded, note) = await CacheManifestReader.LoadAsync(new OciLayoutCacheStorage(Path.Combine(_dir.Path, "none")), "latest", "test cache", CancellationToken.None);
        Assert.Null(loaded);
        Assert.Contains("no cache found", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_whose_blob_does_not_uncompress_to_its_diff_id_misses_with_a_warning()
    {
        var (layer, _) = await AddLayerAsync("a", "hello");
        var key = Key("step");
        var storage = await ExportAsync(new CacheRecord(key, layer, Digest.Compute("not the diff"u8), Created, Created, "RUN x", null));
        var (loaded, _) = await CacheManifestReader.LoadAsync(storage, "latest", "test cache", CancellationToken.None);
        var imported = new ImportedCache(await LocalStore.OpenAsync(Path.Combine(_dir.Path, "b")));
        imported.Add(loaded!);

        Assert.Null(await imported.TryGetAsync(key, Created, CancellationToken.None));
        Assert.Contains(imported.Warnings, w => w.Contains("does not uncompress to the recorded diffId", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_config_that_does_not_match_its_digest_is_refused_naming_the_source()
    {
        var (layer, diffId) = await AddLayerAsync("a", "hello");
        var storage = await ExportAsync(new CacheRecord(Key("step"), layer, diffId, Created, Created, "RUN x", null));
        var manifest = Manifest(storage);
        var config = Path.Combine(storage.Location, "blobs", "sha256", manifest.Config.Digest.Encoded);
        var bytes = File.ReadAllBytes(config);
        bytes[10] ^= 1;
        File.WriteAllBytes(config, bytes);

        var error = await Assert.ThrowsAsync<CacheSharingException>(() => CacheManifestReader.LoadAsync(storage, "latest", "test cache", CancellationToken.None));
        Assert.Equal(CacheSharingException.MalformedId, error.Id);
        Assert.StartsWith("test cache: the cache config does not match its digest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_naming_a_blob_outside_the_manifest_is_refused()
    {
        var storage = new OciLayoutCacheStorage(Path.Combine(_dir.Path, "hand-made"));
        var stray = new Descriptor(MediaTypes.OciLayerGzip, Digest.Compute("stray"u8), 5);
        var config = Encoding.UTF8.GetBytes(
            $$"""{"schema":"kiln.cache.v1","keySchema":"{{CacheKeyBuilder.Schema}}","records":[{"key":"{{Key("x")}}","layer":{"mediaType":"{{MediaTypes.OciLayerGzip}}","digest":"{{stray.Digest}}","size":5},"diffId":"{{stray.Digest}}","created":"2026-01-01T00:00:00Z","description":"RUN x"}]}""");
        var configDescriptor = Descriptor.For(CacheFormat.ConfigMediaType, config);
        await storage.WriteBlobAsync(configDescriptor, new MemoryStream(config), CancellationToken.None);
        var manifest = RawDocument.Create(new ImageManifest(MediaTypes.OciImageManifest, configDescriptor, []) { ArtifactType = CacheFormat.ArtifactType });
        await storage.WriteManifestAsync("latest", manifest.ToDescriptor(), manifest.Bytes, CancellationToken.None);

        var error = await Assert.ThrowsAsync<CacheSharingException>(() => CacheManifestReader.LoadAsync(storage, "latest", "test cache", CancellationToken.None));
        Assert.Contains("which is not a layer of the manifest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cache_keys_of_another_schema_are_skipped_with_a_note()
    {
        var storage = new OciLayoutCacheStorage(Path.Combine(_dir.Path, "old"));
        var config = """{"schema":"kiln.cache.v1","keySchema":"kiln-cache-v0","records":[]}"""u8.ToArray();
        var configDescriptor = Descriptor.For(CacheFormat.ConfigMediaType, config);
        await storage.WriteBlobAsync(configDescriptor, new MemoryStream(config), CancellationToken.None);
        var manifest = RawDocument.Create(new ImageManifest(MediaTypes.OciImageManifest, configDescriptor, []) { ArtifactType = CacheFormat.ArtifactType });
        await storage.WriteManifestAsync("latest", manifest.ToDescriptor(), manifest.Bytes, CancellationToken.None);

        var (loaded, note) = await CacheManifestReader.LoadAsync(storage, "latest", "test cache", CancellationToken.None);
        Assert.Null(loaded);
        Assert.Contains("cache key schema kiln-cache-v0", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mount_tar_seeds_an_absent_mount_and_never_writes_outside_it()
    {
        var store = await LocalStore.OpenAsync(Path.Combine(_dir.Path, "b"));
        var storage = new OciLayoutCacheStorage(Path.Combine(_dir.Path, "cache"));
        var good = await PutMountTarAsync(storage, ("sub/file.txt", "seeded"));
        var evil = await PutMountTarAsync(storage, ("../../../../escape.txt", "out"), ("link", null), ("link/escape2.txt", "out"));
        var imported = new ImportedCache(store);
        imported.Add(new LoadedCache("test cache", storage, [], [new SharedCacheMountDocument("good", good), new SharedCacheMountDocument("evil", evil)]));
        var mounts = new CacheMountStore(store.Root);

        Assert.True(await imported.TrySeedMountAsync(mounts, "good", 0b111_101_101, 0, 0, CancellationToken.None));
        Assert.Equal("seeded", File.ReadAllText(Path.Combine(mounts.Find("good")!, "sub", "file.txt")));

        // A mount this store already has is its own: never replaced.
        Assert.False(await imported.TrySeedMountAsync(mounts, "good", 0b111_101_101, 0, 0, CancellationToken.None));

        _ = await imported.TrySeedMountAsync(mounts, "evil", 0b111_101_101, 0, 0, CancellationToken.None);
        Assert.DoesNotContain(Directory.EnumerateFiles(_dir.Path, "escape*.txt", SearchOption.AllDirectories), f => !f.StartsWith(mounts.Root, StringComparison.Ordinal));
        Assert.False(File.Exists("/escape.txt"));
        Assert.False(File.Exists("/escape2.txt"));
    }

    private async Task<Descriptor> PutMountTarAsync(OciLayoutCacheStorage storage, params (string Path, string? Content)[] entries)
    {
        var buffer = new MemoryStream();
        await using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (path, content) in entries)
            {
                if (content is null)
                {
                    await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, path) { LinkName = "/" });
                }
                else
                {
                    await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
                }
            }
        }

        var bytes = buffer.ToArray();
        var descriptor = Descriptor.For(MediaTypes.OciLayerGzip, bytes);
        await storage.WriteBlobAsync(descriptor, new MemoryStream(bytes), CancellationToken.None);
        return descriptor;
    }

    private async Task<OciLayoutCacheStorage> ExportAsync(CacheRecord record)
    {
        var store = await LocalStore.OpenAsync(Path.Combine(_dir.Path, "a"));
        var source = new CacheExportSource([new ExportableStep(0, null, 2, null, record)], [], new HashSet<int> { 0 });
        var storage = new OciLayoutCacheStorage(Path.Combine(_dir.Path, "cache"));
        await new CacheExporter(store).ExportAsync(source, CacheSpec.ParseExport("type=local,dest=" + storage.Location), storage, "latest", CancellationToken.None);
        return storage;
    }

    private async Task<(Descriptor Layer, Digest DiffId)> AddLayerAsync(string name, string content)
    {
        var tree = Path.Combine(_dir.Path, "tree-" + name);
        Directory.CreateDirectory(tree);
        File.WriteAllText(Path.Combine(tree, name + ".txt"), content);
        var blob = new MemoryStream();
        var written = new LayerWriter(new LinuxFileSystem()).WriteDirectory(tree, blob);
        blob.Position = 0;
        var store = await LocalStore.OpenAsync(Path.Combine(_dir.Path, "a"));
        await store.Blobs.WriteAsync(blob, written.Descriptor);
        return (written.Descriptor, written.DiffId);
    }

    private static ImageManifest Manifest(OciLayoutCacheStorage storage)
    {
        var index = Kiln.Oci.Json.OciJson.DeserializeIndex(File.ReadAllBytes(Path.Combine(storage.Location, "index.json")));
        return Kiln.Oci.Json.OciJson.DeserializeManifest(File.ReadAllBytes(Path.Combine(storage.Location, "blobs", "sha256", index.Manifests[^1].Digest.Encoded)));
    }

    private static CacheKey Key(string step) => new CacheKeyBuilder("run").Add("instruction", step, CacheKeyPartKind.Instruction).Build();
}
