using Kiln.Build.Cache;
using Kiln.Oci;
using Kiln.Oci.Images;
using Kiln.Storage.Maintenance;

namespace Kiln.Build.Tests.Cache;

/// <summary>
/// <c>kiln prune --cache</c> / <c>--keep-storage</c> with the real store's garbage collection: cache records keep their
/// layers alive, pruning the records (least recently used first) lets the store free them.
/// </summary>
public sealed class CachePruneTests : IDisposable
{
    private readonly CacheTestStore _store = new();

    public void Dispose() => _store.Dispose();

    private string BlobPath(Descriptor descriptor) => Path.Combine(_store.Root, "blobs", "sha256", descriptor.Digest.Encoded);

    [Fact]
    public async Task A_layer_lives_while_its_record_exists_and_goes_after_prune_cache_then_store_prune()
    {
        var layer = await _store.AddLayerAsync("cached layer", 3000);
        var loose = await _store.AddLayerAsync("nobody's layer", 500);
        await _store.Cache.PutAsync(_store.Record("make", layer));
        var store = await _store.OpenStoreAsync();

        var first = await store.PruneAsync();

        Assert.Equal([loose.Digest], first.RemovedBlobs);
        Assert.True(File.Exists(BlobPath(layer)));
        Assert.NotNull(await _store.Cache.TryGetAsync(CacheTestStore.Key("make")));

        var pruned = await _store.Cache.PruneAsync(keepBytes: null, olderThan: null);
        Assert.Equal(["RUN make"], pruned.Removed.Select(r => r.Description));
        Assert.Equal(3000, pruned.ReleasedLayerBytes);
        Assert.Equal(0, pruned.RemainingLayerBytes);
        Assert.True(pruned.MetadataBytesFreed > 0);
        Assert.True(File.Exists(BlobPath(layer)));

        var second = await store.PruneAsync();

        Assert.Equal([layer.Digest], second.RemovedBlobs);
        Assert.False(File.Exists(BlobPath(layer)));
        Assert.Null(await _store.Cache.TryGetAsync(CacheTestStore.Key("make")));
    }

    [Fact]
    public async Task A_snapshot_named_in_record_metadata_is_kept_while_the_record_exists()
    {
        var chainId = Digest.Compute("chain"u8);
        var snapshot = Path.Combine(_store.Root, "snapshots", chainId.Encoded);
        Directory.CreateDirectory(Path.Combine(snapshot, "etc"));
        var orphan = Path.Combine(_store.Root, "snapshots", Digest.Compute("orphan"u8).Encoded);
        Directory.CreateDirectory(orphan);
        await _store.Cache.PutAsync(_store.Record("make", metadata: new Dictionary<string, string> { [CacheRecord.SnapshotChainIdKey] = chainId.ToString() }));
        var store = await _store.OpenStoreAsync();

        var roots = await new CacheGarbageCollectionRoots(_store.Cache).GetRootsAsync();
        await store.PruneAsync();

        Assert.Equal([chainId], roots.ChainIds);
        Assert.True(Directory.Exists(snapshot));
        Assert.False(Directory.Exists(orphan));

        await _store.Cache.PruneAsync(null, null);
        await store.PruneAsync();

        Assert.False(Directory.Exists(snapshot));
    }

    [Fact]
    public async Task Keep_storage_removes_least_recently_used_records_until_the_cache_only_layers_fit()
    {
        var layers = new List<Descriptor>();
        for (var i = 0; i < 4; i++)
        {
            layers.Add(await _store.AddLayerAsync("layer " + i, 1000));
            await _store.Cache.PutAsync(_store.Record("step " + i, layers[i]));
            _store.Time.Advance(TimeSpan.FromMinutes(1));
        }

        // Using step 0 makes it the most recently used: step 1 and step 2 are the oldest now.
        Assert.NotNull(await _store.Cache.TryGetAsync(CacheTestStore.Key("step 0")));
        Assert.Equal(new CacheUsage(4, 4000, 4000, (await _store.Cache.UsageAsync()).MetadataBytes), await _store.Cache.UsageAsync());

        var pruned = await _store.Cache.PruneAsync(keepBytes: 2500, olderThan: null);

        Assert.Equal(["RUN step 1", "RUN step 2"], pruned.Removed.Select(r => r.Description));
        Assert.Equal(2000, pruned.ReleasedLayerBytes);
        Assert.Equal(2000, pruned.RemainingLayerBytes);
        Assert.Equal(["RUN step 0", "RUN step 3"], (await _store.Cache.ListAsync()).Select(r => r.Description).Order(StringComparer.Ordinal));

        var store = await _store.OpenStoreAsync();
        var gc = await store.PruneAsync();
        Assert.Equal([layers[1].Digest, layers[2].Digest], gc.RemovedBlobs.OrderBy(d => layers.FindIndex(l => l.Digest == d)));

        Assert.Empty((await _store.Cache.PruneAsync(keepBytes: 2000, olderThan: null)).Removed);
    }

    [Fact]
    public async Task Layers_shared_with_images_or_other_records_are_not_counted_as_held_by_one_record()
    {
        var shared = await _store.AddLayerAsync("shared by two records", 1000);
        var imageLayer = await _store.AddLayerAsync("used by an image", 4000);
        await _store.Cache.PutAsync(_store.Record("a", shared));
        _store.Time.Advance(TimeSpan.FromMinutes(1));
        await _store.Cache.PutAsync(_store.Record("b", shared));
        _store.Time.Advance(TimeSpan.FromMinutes(1));
        await _store.Cache.PutAsync(_store.Record("c", imageLayer));
        var store = await _store.OpenStoreAsync();
        var config = RawDocument.Create(new ImageConfig("amd64", "linux") { RootFs = new RootFs([Digest.Compute("diff"u8)]) });
        var manifest = await store.PutImageAsync(config.Bytes, [imageLayer]);
        await store.TagAsync(ImageReference.Parse("app:1"), manifest.ToDescriptor());

        var usage = await _store.Cache.UsageAsync();
        Assert.Equal(3, usage.Records);
        Assert.Equal(5000, usage.LayerBytes);
        Assert.Equal(1000, usage.CacheOnlyLayerBytes);
        Assert.Equal(usage.CacheOnlyLayerBytes + usage.MetadataBytes, usage.TotalBytes);

        // Removing "a" releases nothing ("b" still holds the layer); removing "b" then brings it to zero.
        var pruned = await _store.Cache.PruneAsync(keepBytes: 0, olderThan: null);

        Assert.Equal(["RUN a", "RUN b"], pruned.Removed.Select(r => r.Description));
        Assert.Equal(1000, pruned.ReleasedLayerBytes);
        Assert.Equal("RUN c", Assert.Single(await _store.Cache.ListAsync()).Description);
    }

    [Fact]
    public async Task Older_than_removes_only_records_unused_for_that_long()
    {
        await _store.Cache.PutAsync(_store.Record("old", await _store.AddLayerAsync("old")));
        await _store.Cache.RememberAsync("old step", new CacheKeyBuilder("run").Add("instruction", "old", CacheKeyPartKind.Instruction).Parts);
        _store.Time.Advance(TimeSpan.FromDays(3));
        await _store.Cache.PutAsync(_store.Record("new", await _store.AddLayerAsync("new")));
        await _store.Cache.RememberAsync("new step", new CacheKeyBuilder("run").Add("instruction", "new", CacheKeyPartKind.Instruction).Parts);
        _store.Time.Advance(TimeSpan.FromDays(1));

        var pruned = await _store.Cache.PruneAsync(keepBytes: null, olderThan: TimeSpan.FromDays(2));

        Assert.Equal(["RUN old"], pruned.Removed.Select(r => r.Description));
        Assert.Equal(["RUN new"], (await _store.Cache.ListAsync()).Select(r => r.Description));
        Assert.Equal(["no earlier build of this step"], await _store.Cache.ExplainAsync("old step", []));
        Assert.NotEqual(["no earlier build of this step"], await _store.Cache.ExplainAsync("new step", []));
    }

    [Fact]
    public async Task Prune_removes_corrupt_records_and_stale_temp_files()
    {
        await _store.Cache.PutAsync(_store.Record("ok"));
        await _store.Cache.PutAsync(_store.Record("bad"));
        await File.WriteAllTextAsync(_store.RecordPath(CacheTestStore.Key("bad")), "garbage");
        var tmp = Path.Combine(_store.Root, "cache", "tmp");
        var stale = Path.Combine(tmp, "crashed.tmp");
        var live = Path.Combine(tmp, "writing.tmp");
        await File.WriteAllTextAsync(stale, "partial");
        await File.WriteAllTextAsync(live, "partial");
        File.SetLastWriteTimeUtc(stale, CacheTestStore.Start.AddHours(-2).UtcDateTime);
        File.SetLastWriteTimeUtc(live, CacheTestStore.Start.AddMinutes(-1).UtcDateTime);

        var pruned = await _store.Cache.PruneAsync(keepBytes: long.MaxValue, olderThan: null);

        Assert.Empty(pruned.Removed);
        Assert.False(File.Exists(_store.RecordPath(CacheTestStore.Key("bad"))));
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(live));
        Assert.Equal("RUN ok", Assert.Single(await _store.Cache.ListAsync()).Description);
    }

    [Fact]
    public async Task Gc_roots_list_every_record_layer()
    {
        var a = await _store.AddLayerAsync("a");
        var b = await _store.AddLayerAsync("b");
        await _store.Cache.PutAsync(_store.Record("a", a));
        await _store.Cache.PutAsync(_store.Record("b", b));
        await _store.Cache.PutAsync(_store.Record("config only"));

        GarbageCollectionRoots roots = await new CacheGarbageCollectionRoots(_store.Cache).GetRootsAsync();

        Assert.Equal(new[] { a, b }.Select(d => d.Digest.ToString()).Order(StringComparer.Ordinal), roots.Descriptors.Select(d => d.Digest.ToString()).Order(StringComparer.Ordinal));
        Assert.Empty(roots.ChainIds);
    }
}
