using Kiln.Archives.Compression;
using Kiln.Oci;
using Kiln.Oci.Images;
using Kiln.Storage;
using Kiln.Storage.Images;
using Kiln.Testing;
using Kiln.Transports.Conversion;

namespace Kiln.Transports.Tests;

/// <summary>
/// Compression on the way out (CLI-OUTPUT-IMAGE compression, compression-level, force-compression): built (uncompressed)
/// layers are compressed once per setting and reused, compressed layers stay unless forced, the config (image ID) never
/// changes, and a layer that does not match its diff ID is refused.
/// </summary>
public sealed class ImageCompressorTests : IDisposable
{
    private readonly TempDirectory _dir = new("kiln-compressor");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task UncompressedLayersAreCompressedOnceAndCompressedOnesKept()
    {
        var store = await LocalStore.OpenAsync(Path.Combine(_dir.Path, "store"));
        var (image, contents) = await AddImageAsync(store, docker: false);
        var compressor = new ImageCompressor(store);

        var gzip = await compressor.CompressAsync(image, new CompressionOptions { Format = Compression.Gzip }, force: false, CancellationToken.None);
        Assert.Equal(image.ImageId, gzip.ImageId);
        Assert.NotEqual(image.ManifestDigest, gzip.ManifestDigest);
        Assert.Equal([MediaTypes.OciLayerGzip, MediaTypes.OciLayerGzip], gzip.Layers.Select(l => l.MediaType));
        Assert.Equal(image.Layers[1].Digest, gzip.Layers[1].Digest);
        Assert.Equal(contents[0], await ReadUncompressedAsync(store, gzip.Layers[0]));

        // The same setting again: the remembered blob, the same manifest.
        var again = await compressor.CompressAsync(image, new CompressionOptions { Format = Compression.Gzip }, force: false, CancellationToken.None);
        Assert.Equal(gzip.ManifestDigest, again.ManifestDigest);
        Assert.Single(Directory.EnumerateFiles(Path.Combine(store.Root, "cache", "compressed")));

        // The remembered blob was garbage-collected: compressed anew, same bytes.
        await store.Blobs.DeleteAsync(gzip.Layers[0].Digest);
        var rebuilt = await compressor.CompressAsync(image, new CompressionOptions { Format = Compression.Gzip }, force: false, CancellationToken.None);
        Assert.Equal(gzip.ManifestDigest, rebuilt.ManifestDigest);
        Assert.True(await store.Blobs.ExistsAsync(gzip.Layers[0].Digest));

        // Another level is another blob.
        var fast = await compressor.CompressAsync(image, new CompressionOptions { Format = Compression.Gzip, Level = 1 }, force: false, CancellationToken.None);
        Assert.NotEqual(gzip.Layers[0].Digest, fast.Layers[0].Digest);
        Assert.Equal(contents[0], await ReadUncompressedAsync(store, fast.Layers[0]));
    }

    [Fact]
    public async Task ForceRecompressesEveryLayerAndZstdLeavesDockerTypes()
    {
        var store = await LocalStore.OpenAsync(Path.Combine(_dir.Path, "store"));
        var (image, contents) = await AddImageAsync(store, docker: true);
        var compressor = new ImageCompressor(store);

        var unforced = await compressor.CompressAsync(image, new CompressionOptions { Format = Compression.Gzip }, force: false, CancellationToken.None);
        Assert.Equal(MediaTypes.DockerManifest, unforced.Manifest.MediaType);
        Assert.Equal([MediaTypes.DockerLayerGzip, MediaTypes.DockerLayerGzip], unforced.Layers.Select(l => l.MediaType));

        var zstd = await compressor.CompressAsync(image, new CompressionOptions { Format = Compression.Zstd }, force: true, CancellationToken.None);
        Assert.Equal(MediaTypes.OciImageManifest, zstd.Manifest.MediaType);
        Assert.Equal(MediaTypes.OciImageConfig, zstd.Manifest.Value.Config.MediaType);
        Assert.Equal([MediaTypes.OciLayerZstd, MediaTypes.OciLayerZstd], zstd.Layers.Select(l => l.MediaType));
        Assert.Equal(image.ImageId, zstd.ImageId);
        for (var i = 0; i < contents.Count; i++)
        {
            Assert.Equal(contents[i], await ReadUncompressedAsync(store, zstd.Layers[i]));
        }

        var same = await compressor.CompressAsync(zstd, new CompressionOptions { Format = Compression.Zstd }, force: false, CancellationToken.None);
        Assert.Same(zstd, same);
    }

    [Fact]
    public async Task LayerThatDoesNotMatchItsDiffIdIsRefused()
    {
        var store = await LocalStore.OpenAsync(Path.Combine(_dir.Path, "store"));
        var tar = TestArchives.Tar(("a", "one"));
        var layer = await store.Blobs.WriteAsync(tar, MediaTypes.OciLayer);
        var config = RawDocument.Create(new ImageConfig(new Platform("linux", "amd64")) { RootFs = new RootFs([Digest.Compute("something else"u8)]) });
        var manifest = await store.PutImageAsync(config.Bytes, [layer]);
        var image = new StoredImage(manifest, config, []);

        await Assert.ThrowsAsync<InvalidDataException>(() => new ImageCompressor(store).CompressAsync(image, new CompressionOptions(), false, CancellationToken.None));
        Assert.False(Directory.Exists(Path.Combine(store.Root, "cache", "compressed")), "nothing is remembered for a refused layer");
    }

    /// <summary>An image whose first layer is uncompressed (as Kiln builds it) and the second gzip (as a base's).</summary>
    private static async Task<(StoredImage Image, List<byte[]> Contents)> AddImageAsync(LocalStore store, bool docker)
    {
        var contents = new List<byte[]> { TestArchives.Tar(("a", null), ("a/one", "1")), TestArchives.Tar(("b", "bee")) };
        var plain = await store.Blobs.WriteAsync(contents[0], MediaTypes.LayerMediaType(Compression.None, !docker));
        var buffer = new MemoryStream();
        await using (var gzip = Codecs.OpenCompress(buffer, new CompressionOptions(), leaveOpen: true))
        {
            gzip.Write(contents[1]);
        }

        var compressed = await store.Blobs.WriteAsync(buffer.ToArray(), MediaTypes.LayerMediaType(Compression.Gzip, !docker));
        var config = RawDocument.Create(new ImageConfig(new Platform("linux", "amd64")) { RootFs = new RootFs(contents.Select(c => Digest.Compute(c)).ToList()) });
        var manifest = await store.PutImageAsync(config.Bytes, [plain, compressed], docker);
        return (new StoredImage(manifest, config, []), contents);
    }

    private static async Task<byte[]> ReadUncompressedAsync(LocalStore store, Descriptor layer)
    {
        await using var blob = await store.Blobs.OpenReadAsync(layer.Digest, layer.Size);
        await using var plain = Codecs.OpenDecompress(blob);
        var output = new MemoryStream();
        await plain.CopyToAsync(output);
        return output.ToArray();
    }
}
