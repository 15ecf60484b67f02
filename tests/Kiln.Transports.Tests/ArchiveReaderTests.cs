using System.IO.Compression;
using System.Text;
using Kiln.Oci;
using Kiln.Storage;
using Kiln.Testing;
using Kiln.Transports.Archives;
using Kiln.Transports.Errors;

namespace Kiln.Transports.Tests;

/// <summary>Reading docker-archives (Docker 20.10, Docker 25+ layouts) and OCI archives into the store, and rejecting bad ones.</summary>
public sealed class ArchiveReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new("kiln-transports");

    public void Dispose() => _dir.Dispose();

    private Task<LocalStore> OpenStoreAsync() => LocalStore.OpenAsync(Path.Combine(_dir.Path, "store"));

    [Fact]
    public async Task LoadsADocker2010ArchiveAndKeepsTheConfigBytes()
    {
        var store = await OpenStoreAsync();
        var layer = TestArchives.Tar(("etc", null), ("etc/hostname", "kiln\n"));
        var archive = TestArchives.DockerArchive([layer], "example/app:1.0");
        var result = await new ImageArchiveLoader(store).LoadAsync(new MemoryStream(archive), "a.tar");

        Assert.Equal(ImageArchiveFormat.DockerArchive, result.Format);
        var image = Assert.Single(result.Images);
        Assert.Equal("docker.io/example/app:1.0", Assert.Single(image.References).ToString());
        var stored = await store.GetImageAsync("example/app:1.0");
        Assert.Equal(Digest.Compute(TestArchives.Config([Digest.Compute(layer)])), stored.ImageId);
        Assert.Equal(Digest.Compute(layer), Assert.Single(stored.Layers).Digest);
        Assert.Equal(MediaTypes.OciLayer, stored.Layers[0].MediaType);
        Assert.True((await store.CheckAsync()).IsClean);
    }

    [Fact]
    public async Task FollowsSharedLayerSymlinksAndReadsGzippedArchives()
    {
        var store = await OpenStoreAsync();
        var layer = TestArchives.Tar(("a.txt", "shared"));
        var diff = Digest.Compute(layer);
        var config = TestArchives.Config([diff]);
        var config2 = TestArchives.Config([diff, diff]);
        var buffer = new MemoryStream();
        using (var tar = new Kiln.Archives.Tar.PaxTarWriter(buffer, leaveOpen: true))
        {
            void File(string name, byte[] bytes) => tar.WriteEntry(new Kiln.Archives.Tar.TarEntry { Path = name, Type = Kiln.Archives.Tar.TarEntryType.RegularFile, Size = bytes.Length, Mode = 0x1A4 }, new MemoryStream(bytes));
            File("one/layer.tar", layer);
            tar.WriteEntry(new Kiln.Archives.Tar.TarEntry { Path = "two/layer.tar", Type = Kiln.Archives.Tar.TarEntryType.Symlink, LinkTarget = "../one/layer.tar" });
            File("c1.json", config);
            File("c2.json", config2);
            File("manifest.json", Encoding.UTF8.GetBytes(
                "[{\"Config\":\"c1.json\",\"RepoTags\":[\"one:1\"],\"Layers\":[\"one/layer.tar\"]},{\"Config\":\"c2.json\",\"RepoTags\":[\"two:1\"],\"Layers\":[\"one/layer.tar\",\"two/layer.tar\"]}]"));
            tar.Finish();
        }

        var gz = new MemoryStream();
        using (var gzip = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(buffer.ToArray());
        }

        gz.Position = 0;
        var result = await new ImageArchiveLoader(store).LoadAsync(gz, "shared.tar.gz");
        Assert.Equal(2, result.Images.Count);
        Assert.Equal(2, (await store.GetImageAsync("two:1")).Layers.Count);
        Assert.True((await store.CheckAsync()).IsClean);
    }

    [Fact]
    public async Task LoadsADocker25ArchiveWithBlobsAndIndex()
    {
        var store = await OpenStoreAsync();
        var layer = TestArchives.Tar(("bin", null), ("bin/tool", "#!/bin/sh\n"));
        var diff = Digest.Compute(layer);
        var config = TestArchives.Config([diff]);
        var configDigest = Digest.Compute(config);
        var manifest = Encoding.UTF8.GetBytes(
            $"{{\"schemaVersion\":2,\"mediaType\":\"{MediaTypes.OciImageManifest}\",\"config\":{{\"mediaType\":\"{MediaTypes.OciImageConfig}\",\"digest\":\"{configDigest}\",\"size\":{config.Length}}},"
            + $"\"layers\":[{{\"mediaType\":\"{MediaTypes.OciLayer}\",\"digest\":\"{diff}\",\"size\":{layer.Length}}}]}}");
        var manifestDigest = Digest.Compute(manifest);
        var index = Encoding.UTF8.GetBytes(
            $"{{\"schemaVersion\":2,\"mediaType\":\"{MediaTypes.OciImageIndex}\",\"manifests\":[{{\"mediaType\":\"{MediaTypes.OciImageManifest}\",\"digest\":\"{manifestDigest}\",\"size\":{manifest.Length},"
            + "\"annotations\":{\"io.containerd.image.name\":\"docker.io/library/new:25\",\"org.opencontainers.image.ref.name\":\"25\"}}]}");
        var archive = TestArchives.TarOfBytes(
            ("blobs/sha256/" + diff.Encoded, layer),
            ("blobs/sha256/" + configDigest.Encoded, config),
            ("blobs/sha256/" + manifestDigest.Encoded, manifest),
            ("index.json", index),
            ("manifest.json", Encoding.UTF8.GetBytes($"[{{\"Config\":\"blobs/sha256/{configDigest.Encoded}\",\"RepoTags\":[\"new:25\"],\"Layers\":[\"blobs/sha256/{diff.Encoded}\"]}}]")),
            ("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}"u8.ToArray()));

        var result = await new ImageArchiveLoader(store).LoadAsync(new MemoryStream(archive), "docker25.tar");
        Assert.Equal(ImageArchiveFormat.DockerArchive, result.Format);
        Assert.Equal(configDigest, (await store.GetImageAsync("new:25")).ImageId);

        // The same tar read as an OCI archive names the image from io.containerd.image.name.
        var store2 = await LocalStore.OpenAsync(Path.Combine(_dir.Path, "store2"));
        var oci = await new OciArchiveReader(store2).LoadAsync(new MemoryStream(archive), "docker25.tar");
        Assert.Equal("docker.io/library/new:25", Assert.Single(Assert.Single(oci).References).ToString());
        Assert.Equal(manifestDigest, (await store2.ResolveAsync("new:25")).Target.Digest);
    }

    [Fact]
    public async Task RejectsALayerWhoseDiffIdDiffersFromTheConfig()
    {
        var store = await OpenStoreAsync();
        var layer = TestArchives.Tar(("x", "real"));
        var archive = TestArchives.DockerArchive([layer], "bad:1", [Digest.Compute("something else"u8)]);
        var e = await Assert.ThrowsAsync<ArchiveIntegrityException>(() => new ImageArchiveLoader(store).LoadAsync(new MemoryStream(archive), "bad.tar"));
        Assert.Contains("DiffID", e.Message, StringComparison.Ordinal);
        Assert.Empty(await store.ListImagesAsync());
        Assert.True((await store.CheckAsync()).IsClean);
    }

    [Fact]
    public async Task RejectsAnOciBlobThatDoesNotMatchItsNameAndNeverStoresIt()
    {
        var store = await OpenStoreAsync();
        var claimed = Digest.Compute("what the name promises"u8);
        var big = new byte[ArchiveIngester.InMemoryLimit + 10];
        new Random(7).NextBytes(big);
        var claimedBig = Digest.Compute("another promise"u8);
        foreach (var (name, content) in new[] { (claimed, "tampered"u8.ToArray()), (claimedBig, big) })
        {
            var archive = TestArchives.TarOfBytes(("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}"u8.ToArray()), ("blobs/sha256/" + name.Encoded, content));
            var e = await Assert.ThrowsAsync<ArchiveIntegrityException>(() => new ImageArchiveLoader(store).LoadAsync(new MemoryStream(archive), "evil.tar"));
            Assert.Contains(name.ToString(), e.Message, StringComparison.Ordinal);
            Assert.False(await store.Blobs.ExistsAsync(name));
            Assert.False(await store.Blobs.ExistsAsync(Digest.Compute(content)));
        }

        Assert.True((await store.CheckAsync()).IsClean);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(store.Root, "ingest")));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(700)]
    [InlineData(5000)]
    public async Task ATruncatedArchiveIsAClearFormatError(int keep)
    {
        var store = await OpenStoreAsync();
        var archive = TestArchives.DockerArchive([TestArchives.Tar(("f", new string('x', 8000)))], "t:1");
        var e = await Assert.ThrowsAsync<ArchiveFormatException>(() => new ImageArchiveLoader(store).LoadAsync(new MemoryStream(archive[..keep]), "cut.tar"));
        Assert.StartsWith("cut.tar: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        Assert.Empty(await store.ListImagesAsync());
    }

    [Fact]
    public async Task ATarWithoutManifestOrIndexIsNotAnImageArchive()
    {
        var store = await OpenStoreAsync();
        var e = await Assert.ThrowsAsync<ArchiveFormatException>(() => new ImageArchiveLoader(store).LoadAsync(new MemoryStream(TestArchives.Tar(("hello.txt", "hi"))), "plain.tar"));
        Assert.Contains("not an image archive", e.Message, StringComparison.Ordinal);
    }
}
