using System.Text;
using Kiln.Build.Cache;
using Kiln.Build.Cache.Sharing;
using Kiln.Oci;
using Kiln.Storage;
using Kiln.Testing;

namespace Kiln.Build.Tests.Cache.Sharing;

/// <summary>
/// The seam the registry client fills (docs/cache-format.md "Transports"): <c>type=registry</c> resolves through
/// <see cref="IRegistryCacheStorageFactory"/> to the reference's repository and tag, and export and import work over any
/// <see cref="ICacheStorage"/>, verifying what an unverifying transport hands back.
/// </summary>
public sealed class RegistrySeamTests : IDisposable
{
    private readonly TempDirectory _dir = new("kiln-cache-seam");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Registry_specs_fail_clearly_without_the_client_and_resolve_through_it_with_one()
    {
        var store = await LocalStore.OpenAsync(Path.Combine(_dir.Path, "store"));
        var spec = CacheSpec.ParseExport("type=registry,ref=registry.example:5000/team/app:buildcache,mode=max");

        var error = Assert.Throws<CacheSharingException>(() => new CacheStorageResolver(store, null).Resolve(spec, forWrite: true));
        Assert.Equal(CacheSharingException.UnsupportedId, error.Id);
        Assert.Contains("registry cache needs the registry client", error.Message, StringComparison.Ordinal);

        var factory = new Factory();
        var (storage, reference) = new CacheStorageResolver(store, factory).Resolve(spec, forWrite: true);
        Assert.Same(factory.Storage, storage);
        Assert.Equal("buildcache", reference);
        Assert.Equal("registry.example:5000/team/app", factory.Opened!.Name);
        Assert.True(factory.ForWrite);
        Assert.Equal("latest", new CacheStorageResolver(store, factory).Resolve(CacheSpec.ParseImport("registry.example/app"), forWrite: false).Reference);
    }

    [Fact]
    public async Task A_cache_round_trips_through_a_registry_like_storage_and_a_tampered_blob_is_refused()
    {
        var exporting = await LocalStore.OpenAsync(Path.Combine(_dir.Path, "a"));
        var layer = await exporting.Blobs.WriteAsync(Encoding.UTF8.GetBytes("not really gzip"), MediaTypes.OciLayerGzip);
        var key = new CacheKeyBuilder("run").Add("instruction", "x", CacheKeyPartKind.Instruction).Build();
        var created = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var record = new CacheRecord(key, layer, Digest.Compute("diff"u8), created, created, "RUN x", null);
        var storage = new MemoryCacheStorage("registry.example/app");
        var source = new CacheExportSource([new ExportableStep(0, null, 2, null, record)], [], new HashSet<int> { 0 });
        await new CacheExporter(exporting).ExportAsync(source, CacheSpec.ParseExport("type=registry,ref=registry.example/app:c"), storage, "c", CancellationToken.None);
        Assert.Equal(3, storage.Blobs.Count);

        var (loaded, _) = await CacheManifestReader.LoadAsync(storage, "c", "registry cache registry.example/app:c", CancellationToken.None);
        Assert.Equal(key.Digest, Assert.Single(loaded!.Records).Key);

        storage.Blobs[layer.Digest] = Encoding.UTF8.GetBytes("not really gzip!");
        var importing = await LocalStore.OpenAsync(Path.Combine(_dir.Path, "b"));
        var imported = new ImportedCache(importing);
        imported.Add(loaded);
        Assert.Null(await imported.TryGetAsync(key, created, CancellationToken.None));
        Assert.Null(importing.Blobs.GetSize(layer.Digest));
        Assert.Contains(imported.Warnings, w => w.StartsWith("registry cache registry.example/app:c: blob " + layer.Digest, StringComparison.Ordinal));
    }

    private sealed class Factory : IRegistryCacheStorageFactory
    {
        public MemoryCacheStorage Storage { get; } = new("registry");

        public ImageReference? Opened { get; private set; }

        public bool ForWrite { get; private set; }

        public ICacheStorage Open(ImageReference reference, bool forWrite)
        {
            Opened = reference;
            ForWrite = forWrite;
            return Storage;
        }
    }
}
