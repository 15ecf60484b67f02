using Kiln.Archives.Compression;
using Kiln.Archives.Layers;
using Kiln.Oci;
using Kiln.Oci.Images;
using Kiln.Storage;
using Kiln.Testing;
using Kiln.Transports.Archives;
using Kiln.Transports.Filesystems;

namespace Kiln.Transports.Tests;

/// <summary>Writers (docker-archive, OCI archive) against the readers, determinism, import and export.</summary>
public sealed class ArchiveWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new("kiln-transports");

    public void Dispose() => _dir.Dispose();

    private Task<LocalStore> OpenStoreAsync(string name) =>
        LocalStore.OpenAsync(Path.Combine(_dir.Path, name));

    /// <summary>An image whose layers are stored compressed (gzip, zstd) as a build would store them.</summary>
    private static async Task<StoredImageInfo> AddCompressedImageAsync(LocalStore store, string name)
    {
        var layers = new List<Descriptor>();
        var diffIds = new List<Digest>();
        var contents = new[] { TestArchives.Tar(("a", null), ("a/one", "1"), ("a/two", "2")), TestArchives.Tar(("a/.wh.one", ""), ("b", "bee")) };
        var formats = new[] { Kiln.Oci.Compression.Gzip, Kiln.Oci.Compression.Zstd };
        for (var i = 0; i < contents.Length; i++)
        {
            var blob = new MemoryStream();
            await using (var compressor = Codecs.OpenCompress(blob, new CompressionOptions { Format = formats[i] }, leaveOpen: true))
            {
                compressor.Write(contents[i]);
            }

            layers.Add(await store.Blobs.WriteAsync(blob.ToArray(), MediaTypes.LayerMediaType(formats[i])));
            diffIds.Add(Digest.Compute(contents[i]));
        }

        var config = RawDocument.Create(new ImageConfig(new Platform("linux", "amd64")) { RootFs = new RootFs(diffIds) });
        var manifest = await store.PutImageAsync(config.Bytes, layers);
        await store.TagAsync(ImageReference.Parse(name), manifest.ToDescriptor());
        return new StoredImageInfo(manifest.Digest, config.Digest, diffIds);
    }

    [Fact]
    public async Task DockerArchiveDecompressesLayersAndLoadsBackWithTheSameImageId()
    {
        var source = await OpenStoreAsync("src");
        var info = await AddCompressedImageAsync(source, "app:1");
        var image = await source.GetImageAsync("app:1");
        var first = new MemoryStream();
        await new DockerArchiveWriter(source).WriteAsync([new ArchiveImage(image, [ImageReference.Parse("app:1"), ImageReference.Parse("app:latest")])], first);
        var second = new MemoryStream();
        await new DockerArchiveWriter(source).WriteAsync([new ArchiveImage(image, [ImageReference.Parse("app:1"), ImageReference.Parse("app:latest")])], second);
        Assert.Equal(first.ToArray(), second.ToArray());

        var target = await OpenStoreAsync("dst");
        var loaded = await new ImageArchiveLoader(target).LoadAsync(new MemoryStream(first.ToArray()), "x.tar");
        var only = Assert.Single(loaded.Images);
        Assert.Equal(info.ImageId, only.ImageId);
        Assert.Equal(["app:1", "app:latest"], only.References.Select(r => r.FamiliarString));
        var copy = await target.GetImageAsync("app:latest");
        Assert.Equal(info.DiffIds, copy.Layers.Select(l => l.Digest));
    }

    [Fact]
    public async Task OciArchiveKeepsDigestsAndRoundTrips()
    {
        var source = await OpenStoreAsync("src");
        var info = await AddCompressedImageAsync(source, "registry.example:5000/team/app:2");
        var image = await source.GetImageAsync("registry.example:5000/team/app:2");
        var archive = new MemoryStream();
        await new OciArchiveWriter(source).WriteAsync([new ArchiveImage(image, image.References)], archive);

        var target = await OpenStoreAsync("dst");
        var loaded = await new ImageArchiveLoader(target).LoadAsync(new MemoryStream(archive.ToArray()), "x.tar");
        Assert.Equal(ImageArchiveFormat.OciArchive, loaded.Format);
        Assert.Equal(info.ManifestDigest, Assert.Single(loaded.Images).Manifest.Digest);
        Assert.Equal(info.ManifestDigest, (await target.ResolveAsync("registry.example:5000/team/app:2")).Target.Digest);
        Assert.True((await target.CheckAsync()).IsClean);
    }

    [Fact]
    public async Task ExportAppliesWhiteoutsAcrossCompressedLayers()
    {
        var store = await OpenStoreAsync("src");
        await AddCompressedImageAsync(store, "app:1");
        var output = new MemoryStream();
        await new FilesystemExporter(store).ExportAsync(await store.GetImageAsync("app:1"), output, _dir.Path);
        output.Position = 0;
        var names = new List<string>();
        using (var reader = new Kiln.Archives.Tar.TarReader(output))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                names.Add(entry.Path.TrimEnd('/'));
            }
        }

        Assert.Equal(["a", "a/two", "b"], names);
        Assert.Empty(Directory.EnumerateDirectories(_dir.Path, "kiln-export-*"));
    }

    [Fact]
    public async Task ExportRefusesALayerClimbingOutAndWritesNothingOutside()
    {
        var store = await OpenStoreAsync("src");
        var layer = TestArchives.Tar(("ok", "fine"), ("../evil", "escaped"));
        var loaded = await new ImageArchiveLoader(store).LoadAsync(new MemoryStream(TestArchives.DockerArchive([layer], "hostile:1")), "h.tar");
        Assert.Single(loaded.Images);
        var temp = Path.Combine(_dir.Path, "tmp");
        Directory.CreateDirectory(temp);
        var e = await Assert.ThrowsAsync<Kiln.Archives.Extraction.UnsafeArchiveEntryException>(
            () => new FilesystemExporter(store).ExportAsync(store.GetImageAsync("hostile:1").Result, new MemoryStream(), temp));
        Assert.Contains("../evil", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.Path, "evil", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task ImportNormalisesPathsAndRecordsTheDiffId()
    {
        var store = await OpenStoreAsync("src");
        var rootfs = TestArchives.Tar((".", null), ("./bin", null), ("./bin/sh", "#!"), ("/etc", null), ("/etc/passwd", "root:x:0:0::/root:/bin/sh\n"));
        var gz = new MemoryStream();
        await using (var c = Codecs.OpenCompress(gz, new CompressionOptions(), leaveOpen: true))
        {
            c.Write(rootfs);
        }

        gz.Position = 0;
        var time = new FixedTime(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var image = await new RootfsImporter(store).ImportAsync(gz, new RootfsImportOptions { Reference = ImageReference.Parse("imported:1"), Source = "root.tgz", Time = time });
        var stored = await store.GetImageAsync("imported:1");
        Assert.Equal(image.ImageId, stored.ImageId);
        Assert.Equal(MediaTypes.OciLayerGzip, Assert.Single(stored.Layers).MediaType);
        Assert.Equal(time.GetUtcNow(), stored.Config.Value.Created);
        Assert.Equal("Imported from root.tgz", Assert.Single(stored.Config.Value.History!).Comment);
        Assert.Equal(Platform.Host().Architecture, stored.Config.Value.Architecture);

        await using var blob = await store.Blobs.OpenReadAsync(stored.Layers[0]);
        await using var tar = LayerReader.Open(blob, stored.DiffIds[0]);
        var names = new List<string>();
        using (var reader = new Kiln.Archives.Tar.TarReader(tar, leaveOpen: true))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                names.Add(entry.Path.TrimEnd('/'));
            }
        }

        tar.Complete();
        Assert.Equal(["bin", "bin/sh", "etc", "etc/passwd"], names);
    }

    [Fact]
    public async Task ImportRefusesDotDotAndTruncatedInput()
    {
        var store = await OpenStoreAsync("src");
        var importer = new RootfsImporter(store);
        var climbing = TestArchives.Tar(("../x", "no"));
        var e = await Assert.ThrowsAsync<Errors.ArchiveFormatException>(() => importer.ImportAsync(new MemoryStream(climbing), new RootfsImportOptions { Source = "c.tar" }));
        Assert.Contains("'..'", e.Message, StringComparison.Ordinal);
        var whole = TestArchives.Tar(("f", new string('z', 4000)));
        var cut = await Assert.ThrowsAsync<Errors.ArchiveFormatException>(() => importer.ImportAsync(new MemoryStream(whole[..1500]), new RootfsImportOptions { Source = "cut.tar" }));
        Assert.Contains("truncated", cut.Message, StringComparison.Ordinal);
        Assert.Empty(await store.ListImagesAsync());
        Assert.True((await store.CheckAsync()).IsClean);
        Assert.Empty(store.Blobs.Enumerate());
    }

    private sealed record StoredImageInfo(Digest ManifestDigest, Digest ImageId, IReadOnlyList<Digest> DiffIds);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
