using Kiln.Build.Cache;
using Kiln.Oci;

namespace Kiln.Build.Tests.Cache;

/// <summary>DF-CACHE-LOCAL: the cache persists records on disk, shared by processes, and survives damage.</summary>
public sealed class BuildCacheTests : IDisposable
{
    private readonly CacheTestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task A_record_put_by_one_instance_is_found_by_another_on_the_same_root()
    {
        var layer = await _store.AddLayerAsync("layer one");
        var record = _store.Record("make", layer, new Dictionary<string, string> { ["kiln.config.env"] = "A=1" });

        await _store.Cache.PutAsync(record);
        var other = BuildCache.Open(_store.Root + "/", _store.Time);
        var found = await other.TryGetAsync(record.Key);

        Assert.NotNull(found);
        Assert.Equal(record.Key, found.Key);
        Assert.Equal(layer, found.Layer);
        Assert.Equal(record.DiffId, found.DiffId);
        Assert.Equal(record.Created, found.Created);
        Assert.Equal("RUN make", found.Description);
        Assert.Equal("A=1", found.Metadata!["kiln.config.env"]);
        Assert.True(File.Exists(_store.RecordPath(record.Key)));
        Assert.Null(await other.TryGetAsync(CacheTestStore.Key("other")));
    }

    [Fact]
    public async Task A_record_without_layer_round_trips()
    {
        var record = _store.Record("ENV A=1");

        await _store.Cache.PutAsync(record);
        var found = await _store.Cache.TryGetAsync(record.Key);

        Assert.NotNull(found);
        Assert.Null(found.Layer);
        Assert.Null(found.DiffId);
    }

    [Fact]
    public async Task A_hit_moves_last_use_forward_by_touching_the_file_only()
    {
        var record = _store.Record("make");
        await _store.Cache.PutAsync(record);
        var path = _store.RecordPath(record.Key);
        var content = await File.ReadAllBytesAsync(path);
        Assert.Equal(CacheTestStore.Start.UtcDateTime, File.GetLastWriteTimeUtc(path));

        _store.Time.Advance(TimeSpan.FromHours(3));
        var hit = await _store.Cache.TryGetAsync(record.Key);

        Assert.Equal(CacheTestStore.Start.AddHours(3), hit!.LastUsed);
        Assert.Equal(content, await File.ReadAllBytesAsync(path));
        var seenByOther = await BuildCache.Open(_store.Root, _store.Time).ListAsync();
        Assert.Equal(CacheTestStore.Start.AddHours(3), Assert.Single(seenByOther).LastUsed);
        Assert.Equal(CacheTestStore.Start, seenByOther[0].Created);
    }

    [Fact]
    public async Task Concurrent_puts_from_two_instances_leave_every_record_whole()
    {
        var other = BuildCache.Open(_store.Root, _store.Time);
        var keys = Enumerable.Range(0, 40).Select(i => $"step {i % 20}").ToList();

        await Task.WhenAll(keys.Select((step, i) => Task.Run(() => (i % 2 == 0 ? _store.Cache : other).PutAsync(_store.Record(step) with { Description = $"writer {i}" }))));

        foreach (var step in keys.Distinct())
        {
            var found = await _store.Cache.TryGetAsync(CacheTestStore.Key(step));
            Assert.NotNull(found);
            Assert.StartsWith("writer ", found.Description, StringComparison.Ordinal);
        }

        Assert.Equal(20, (await other.ListAsync()).Count);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_store.Root, "cache", "tmp")));
    }

    [Fact]
    public async Task Readers_never_see_a_partial_record_while_writers_replace_it()
    {
        var key = CacheTestStore.Key("hot");
        var writer = BuildCache.Open(_store.Root, _store.Time);
        await writer.PutAsync(_store.Record("hot"));
        using var stop = new CancellationTokenSource();
        var writes = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                await writer.PutAsync(_store.Record("hot") with { Description = new string('x', i % 5000) });
            }
        });

        for (var i = 0; i < 300; i++)
        {
            Assert.NotNull(await _store.Cache.TryGetAsync(key));
        }

        await stop.CancelAsync();
        await writes;
    }

    [Theory]
    [InlineData("{\"schema\":\"kiln-cache-v1\",\"key\":")]
    [InlineData("not json at all")]
    [InlineData("")]
    [InlineData("{\"schema\":\"kiln-cache-v1\",\"key\":\"sha256:0000000000000000000000000000000000000000000000000000000000000000\",\"created\":\"2024-01-01T00:00:00+00:00\",\"lastUsed\":\"2024-01-01T00:00:00+00:00\",\"description\":\"other key\"}")]
    [InlineData("{\"schema\":\"kiln-cache-v1\",\"key\":\"KEY\",\"created\":\"2024-01-01T00:00:00+00:00\",\"lastUsed\":\"2024-01-01T00:00:00+00:00\"}")]
    public async Task A_corrupt_record_is_a_miss_and_is_deleted(string content)
    {
        var record = _store.Record("make");
        await _store.Cache.PutAsync(record);
        var path = _store.RecordPath(record.Key);
        await File.WriteAllTextAsync(path, content.Replace("KEY", record.Key.ToString(), StringComparison.Ordinal));

        Assert.Empty(await _store.Cache.ListAsync());
        Assert.Null(await _store.Cache.TryGetAsync(record.Key));
        Assert.False(File.Exists(path));

        await _store.Cache.PutAsync(record);
        Assert.NotNull(await _store.Cache.TryGetAsync(record.Key));
    }

    [Fact]
    public async Task A_record_whose_layer_blob_is_gone_is_a_miss()
    {
        var layer = await _store.AddLayerAsync("pruned without the cache roots");
        var record = _store.Record("make", layer);
        await _store.Cache.PutAsync(record);
        File.Delete(Path.Combine(_store.Root, "blobs", "sha256", layer.Digest.Encoded));

        Assert.Null(await _store.Cache.TryGetAsync(record.Key));
        Assert.False(File.Exists(_store.RecordPath(record.Key)));
    }

    [Fact]
    public async Task Remove_deletes_one_record()
    {
        await _store.Cache.PutAsync(_store.Record("a"));
        await _store.Cache.PutAsync(_store.Record("b"));

        Assert.True(await _store.Cache.RemoveAsync(CacheTestStore.Key("a")));
        Assert.False(await _store.Cache.RemoveAsync(CacheTestStore.Key("a")));

        Assert.Equal(["RUN b"], (await _store.Cache.ListAsync()).Select(r => r.Description));
    }

    [Fact]
    public async Task Opening_creates_nothing_and_an_empty_cache_answers()
    {
        var cache = BuildCache.Open(Path.Combine(_store.Root, "never"), _store.Time);

        Assert.Null(await cache.TryGetAsync(CacheTestStore.Key("x")));
        Assert.Empty(await cache.ListAsync());
        Assert.Equal(new CacheUsage(0, 0, 0, 0), await cache.UsageAsync());
        Assert.False(Directory.Exists(Path.Combine(_store.Root, "never")));
    }

    [Fact]
    public async Task An_empty_key_is_rejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.Cache.TryGetAsync(default));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.Cache.PutAsync(_store.Record("x") with { Key = new CacheKey(Digest.Compute("x"u8, Digest.Sha512)) }));
    }
}
