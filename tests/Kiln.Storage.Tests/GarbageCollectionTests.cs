using Kiln.Oci;
using Kiln.Storage.Maintenance;
using Kiln.Testing;

namespace Kiln.Storage.Tests;

public sealed class GarbageCollectionTests : IDisposable
{
    private readonly TempDirectory _dir = new("kiln-store");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task PruneRemovesExactlyTheUnreferencedBlobsAndSnapshots()
    {
        var store = await LocalStore.OpenAsync(_dir.Path);
        var shared = await TestImages.AddLayerAsync(store, TestImages.Tar(("shared", "s")));
        var onlyA = await TestImages.AddLayerAsync(store, TestImages.Tar(("a", "a")));
        var onlyB = await TestImages.AddLayerAsync(store, TestImages.Tar(("b", "b")));
        var a = await TestImages.AddImageAsync(store, [shared, onlyA], "a:1", "a");
        var b = await TestImages.AddImageAsync(store, [shared, onlyB], "b:1", "b");
        var orphan = await store.Blobs.WriteAsync("orphan"u8.ToArray(), MediaTypes.OciLayer);
        var chainA = await store.PrepareSnapshotsAsync(await store.GetImageAsync("a:1"));
        var chainB = await store.PrepareSnapshotsAsync(await store.GetImageAsync("b:1"));
        Assert.Equal(chainA.Layers[0].Path, chainB.Layers[0].Path);

        var usage = await store.DiskUsageAsync();
        Assert.Equal(2, usage.Images);
        Assert.Equal(shared.Descriptor.Size, usage.SharedLayerBytes);
        Assert.Equal(onlyA.Descriptor.Size + onlyB.Descriptor.Size, usage.UniqueLayerBytes);
        Assert.Equal(orphan.Size, usage.UnreferencedBytes);
        Assert.Equal(3, usage.Snapshots);
        Assert.Equal(3, usage.SnapshotsBytes); // one byte in each of the three snapshots: s, a, b
        Assert.Equal(0, usage.CacheBytes);

        var first = await store.PruneAsync();
        Assert.Equal([orphan.Digest], first.RemovedBlobs);
        Assert.Empty(first.RemovedSnapshots);
        Assert.Equal(orphan.Size, first.BytesFreed);

        Assert.True(await store.UntagAsync(ImageReference.Parse("b:1")));
        var second = await store.PruneAsync();
        var expectedBlobs = new[] { b.Digest, b.Value.Config.Digest, onlyB.Descriptor.Digest }.OrderBy(d => d.ToString());
        Assert.Equal(expectedBlobs, second.RemovedBlobs.OrderBy(d => d.ToString()));
        Assert.Equal([chainB.Layers[1].ChainId], second.RemovedSnapshots);
        Assert.Equal(b.Size + b.Value.Config.Size + onlyB.Descriptor.Size + 1, second.BytesFreed);

        foreach (var digest in new[] { a.Digest, a.Value.Config.Digest, shared.Descriptor.Digest, onlyA.Descriptor.Digest })
        {
            Assert.True(await store.Blobs.ExistsAsync(digest));
        }

        Assert.True(Directory.Exists(chainA.Layers[0].Path) && Directory.Exists(chainA.Layers[1].Path));
        Assert.False(Directory.Exists(chainB.Layers[1].Path));
        Assert.Equal(4, store.Blobs.Enumerate().Count());
        Assert.True((await store.CheckAsync()).IsClean);
        Assert.Empty((await store.PruneAsync()).RemovedBlobs);
    }

    [Fact]
    public async Task ExtraRootsAndMinimumAgeKeepBlobs()
    {
        var kept = Descriptor.For(MediaTypes.OciLayer, "kept by a cache record"u8);
        var store = await LocalStore.OpenAsync(_dir.Path, new LocalStoreOptions { ExtraRoots = [new FixedRoots(new GarbageCollectionRoots([kept], []))] });
        await store.Blobs.WriteAsync("kept by a cache record"u8.ToArray(), MediaTypes.OciLayer);
        var young = await store.Blobs.WriteAsync("just written"u8.ToArray(), MediaTypes.OciLayer);
        Assert.Empty((await store.PruneAsync(new PruneOptions { MinimumAge = TimeSpan.FromHours(1) })).RemovedBlobs);
        Assert.Equal([young.Digest], (await store.PruneAsync()).RemovedBlobs);
        Assert.True(await store.Blobs.ExistsAsync(kept.Digest));
    }

    private sealed class FixedRoots(GarbageCollectionRoots roots) : IGarbageCollectionRoots
    {
        public ValueTask<GarbageCollectionRoots> GetRootsAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(roots);
    }
}
