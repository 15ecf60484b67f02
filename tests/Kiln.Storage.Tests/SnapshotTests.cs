using Kiln.Linux;
using Kiln.Oci;
using Kiln.Storage.Errors;
using Kiln.Storage.Snapshots;
using Kiln.Testing;

namespace Kiln.Storage.Tests;

public sealed class SnapshotTests : IDisposable
{
    private readonly TempDirectory _dir = new("kiln-store");
    private readonly LinuxFileSystem _fs = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task LayersUnpackOnceByChainIdInOverlayFormat()
    {
        var store = await LocalStore.OpenAsync(_dir.Path);
        var bottom = await TestImages.AddLayerAsync(store, TestImages.Tar(("etc", null), ("etc/passwd", "root\n"), ("opt", null), ("opt/old", "x"), ("gone", "bye")));
        var top = await TestImages.AddLayerAsync(store, TestImages.Tar(("opt", null), ("opt/.wh..wh..opq", ""), ("opt/new", "y"), (".wh.gone", "")), gzip: false);
        await TestImages.AddImageAsync(store, [bottom, top], "app:1");

        var image = await store.GetImageAsync("app:1");
        var chain = await store.PrepareSnapshotsAsync(image);
        var chainIds = ChainId.Compute([bottom.DiffId, top.DiffId]);
        Assert.Equal(chainIds, chain.Layers.Select(l => l.ChainId));
        Assert.Equal(Path.Combine(_dir.Path, "snapshots", chainIds[0].Encoded), chain.Layers[0].Path);
        Assert.Equal([chain.Layers[1].Path, chain.Layers[0].Path], chain.LowerDirs);
        Assert.Equal(chain.Layers[1].Path + ":" + chain.Layers[0].Path, chain.LowerDirOption);

        Assert.Equal("root\n", File.ReadAllText(Path.Combine(chain.Layers[0].Path, "etc/passwd")));
        var whiteout = _fs.LStat(Path.Combine(chain.Layers[1].Path, "gone"));
        Assert.Equal(FileKind.CharacterDevice, whiteout.Kind);
        Assert.Equal((0u, 0u), (whiteout.RDevMajor, whiteout.RDevMinor));
        Assert.Equal("y"u8.ToArray(), _fs.GetXattr(Path.Combine(chain.Layers[1].Path, "opt"), "trusted.overlay.opaque"));
        Assert.False(File.Exists(Path.Combine(chain.Layers[1].Path, "opt/.wh..wh..opq")));
        Assert.Equal("y", File.ReadAllText(Path.Combine(chain.Layers[1].Path, "opt/new")));

        // A second image over the same bottom layer reuses its snapshot (same inode), and a prepared chain is not redone.
        var before = _fs.LStat(chain.Layers[0].Path).Identity;
        await TestImages.AddImageAsync(store, [bottom], "base:1");
        var baseChain = await store.PrepareSnapshotsAsync(await store.GetImageAsync("base:1"));
        Assert.Equal(chain.Layers[0].Path, Assert.Single(baseChain.Layers).Path);
        Assert.Equal(before, _fs.LStat(baseChain.Layers[0].Path).Identity);
        Assert.Equal(2, store.Snapshots.List().Count);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_dir.Path, "ingest")));
    }

    [Fact]
    public async Task WrongDiffIdIsRejectedAndNothingIsKept()
    {
        var store = await LocalStore.OpenAsync(_dir.Path);
        var real = await TestImages.AddLayerAsync(store, TestImages.Tar(("a", "1")));
        var lying = real with { DiffId = Digest.Compute("something else"u8) };
        await TestImages.AddImageAsync(store, [lying], "liar:1");
        var e = await Assert.ThrowsAsync<LayerDiffIdMismatchException>(async () => await store.PrepareSnapshotsAsync(await store.GetImageAsync("liar:1")));
        Assert.Equal(real.DiffId, e.ActualDiffId);
        Assert.Empty(store.Snapshots.List());
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_dir.Path, "ingest")));
    }

    [Fact]
    public async Task CorruptLayerBlobIsDetectedWhileUnpacking()
    {
        var store = await LocalStore.OpenAsync(_dir.Path);
        var layer = await TestImages.AddLayerAsync(store, TestImages.Tar(("a", new string('z', 5000))), gzip: false);
        await TestImages.AddImageAsync(store, [layer], "bad:1");
        var path = store.Blobs.GetPath(layer.Descriptor.Digest);
        var bytes = File.ReadAllBytes(path);
        bytes[600] ^= 0x20;
        File.WriteAllBytes(path, bytes);
        await Assert.ThrowsAsync<BlobCorruptedException>(async () => await store.PrepareSnapshotsAsync(await store.GetImageAsync("bad:1")));
        Assert.Empty(store.Snapshots.List());
    }
}
