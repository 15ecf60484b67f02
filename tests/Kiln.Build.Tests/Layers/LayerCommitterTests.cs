using System.Formats.Tar;
using System.IO.Compression;
using Kiln.Archives.Layers;
using Kiln.Build.Layers;
using Kiln.Linux;
using Kiln.Storage;
using Kiln.Testing;

namespace Kiln.Build.Tests.Layers;

/// <summary>
/// <see cref="LayerCommitter"/>: an upper dir becomes a layer blob and, by a rename, the layer's snapshot, with the
/// overlay's bookkeeping xattrs (origin, impure) gone from every entry and the opaque marks kept.
/// </summary>
public sealed class LayerCommitterTests : IDisposable
{
    private readonly TempDirectory _dir = new("kiln-committer");
    private readonly LinuxFileSystem _fs = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Committed_snapshot_keeps_opaque_marks_and_loses_the_overlays_bookkeeping()
    {
        var store = await LocalStore.OpenAsync(Path.Combine(_dir.Path, "store"));
        var upper = Path.Combine(_dir.Path, "store", "build", "t", "upper");
        Directory.CreateDirectory(upper + "/app/node_modules/dep/lib");
        _fs.SetXattr(upper, "trusted.overlay.impure", "y"u8);
        _fs.SetXattr(upper + "/app", "trusted.overlay.impure", "y"u8);
        _fs.SetXattr(upper + "/app", "trusted.overlay.origin", [1, 2, 3]);
        _fs.SetXattr(upper + "/app/node_modules", "trusted.overlay.opaque", "y"u8);
        File.WriteAllText(upper + "/app/node_modules/dep/lib/f1.js", "module.exports = 1;\n");
        File.WriteAllText(upper + "/app/package.json", "{}\n");
        _fs.SetXattr(upper + "/app/package.json", "trusted.overlay.origin", [4, 5]);
        _fs.SetXattr(upper + "/app/package.json", "user.kept", "v"u8);

        var layer = await new LayerCommitter(store, new LayerWriterOptions()).CommitAsync(upper, null, CancellationToken.None);

        Assert.NotNull(layer);
        Assert.False(Directory.Exists(upper));
        var snapshot = layer.SnapshotPath;
        var left = Directory.EnumerateFileSystemEntries(snapshot, "*", SearchOption.AllDirectories).Prepend(snapshot)
            .SelectMany(path => _fs.ListXattrs(path).Select(name => (Path.GetRelativePath(snapshot, path), name)))
            .Order()
            .ToList();
        Assert.Equal([("app/node_modules", "trusted.overlay.opaque"), ("app/package.json", "user.kept")], left);

        // The blob holds the same tree, the opaque directory as its whiteout marker, no overlay xattr.
        await using var blob = await store.Blobs.OpenReadAsync(layer.Blob.Digest);
        await using var gzip = new GZipStream(blob, CompressionMode.Decompress);
        var reader = new TarReader(gzip);
        var names = new List<string>();
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            names.Add(entry.Name);
            if (entry is PaxTarEntry pax)
            {
                Assert.DoesNotContain(pax.ExtendedAttributes.Keys, k => k.Contains("trusted.overlay", StringComparison.Ordinal));
            }
        }

        Assert.Equal(
            ["app/", "app/node_modules/", "app/node_modules/.wh..wh..opq", "app/node_modules/dep/", "app/node_modules/dep/lib/", "app/node_modules/dep/lib/f1.js", "app/package.json"],
            names);
    }
}
