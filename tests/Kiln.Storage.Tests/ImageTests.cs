using System.Text.Json;
using Kiln.Oci;
using Kiln.Storage.Errors;
using Kiln.Storage.Images;
using Kiln.Testing;

namespace Kiln.Storage.Tests;

public sealed class ImageTests : IDisposable
{
    private readonly TempDirectory _dir = new("kiln-store");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task TagResolveListUntag()
    {
        var store = await LocalStore.OpenAsync(_dir.Path);
        var layer = await TestImages.AddLayerAsync(store, TestImages.Tar(("etc", null), ("etc/hostname", "box\n")));
        var manifest = await TestImages.AddImageAsync(store, [layer], "app:1.0");
        var imageId = manifest.Value.Config.Digest;

        using (var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_dir.Path, "index.json"))))
        {
            var entry = Assert.Single(index.RootElement.GetProperty("manifests").EnumerateArray());
            Assert.Equal(manifest.Digest.ToString(), entry.GetProperty("digest").GetString());
            var annotations = entry.GetProperty("annotations");
            Assert.Equal("docker.io/library/app:1.0", annotations.GetProperty(StoreAnnotations.RefName).GetString());
            Assert.Equal("docker.io/library/app:1.0", annotations.GetProperty(StoreAnnotations.ContainerdImageName).GetString());
        }

        foreach (var name in new[] { "app:1.0", "docker.io/library/app:1.0", imageId.ToString(), imageId.Encoded, imageId.Short, "sha256:" + imageId.Encoded[..8], manifest.Digest.ToString(), "app@" + manifest.Digest })
        {
            var resolved = await store.ResolveAsync(name);
            Assert.Equal(manifest.Digest, resolved.Target.Digest);
        }

        var image = await store.GetImageAsync("app:1.0");
        Assert.Equal(manifest.Bytes.ToArray(), image.Manifest.Bytes.ToArray());
        Assert.Equal(imageId, image.ImageId);
        Assert.Equal(imageId, image.Config.Digest);
        Assert.Equal([layer.DiffId], image.DiffIds);
        Assert.Equal("docker.io/library/app:1.0", Assert.Single(image.References).ToString());

        await store.TagAsync(ImageReference.Parse("registry.example:5000/team/app:latest"), manifest.ToDescriptor());
        var list = await store.ListImagesAsync();
        Assert.Equal(["docker.io/library/app:1.0", "registry.example:5000/team/app:latest"], list.Select(i => i.Reference.ToString()));
        Assert.All(list, i => Assert.Equal(imageId, i.ImageId));
        Assert.All(list, i => Assert.Equal(manifest.Digest, i.ManifestDigest));
        Assert.All(list, i => Assert.Equal(manifest.Size + manifest.Value.Config.Size + layer.Descriptor.Size, i.Size));
        Assert.All(list, i => Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), i.Created));

        Assert.True(await store.UntagAsync(ImageReference.Parse("app:1.0")));
        Assert.False(await store.UntagAsync(ImageReference.Parse("app:1.0")));
        await Assert.ThrowsAsync<ImageNotFoundException>(() => store.ResolveAsync("app:1.0"));
        Assert.Single(await store.ListImagesAsync());
        Assert.True((await store.CheckAsync()).IsClean);
    }

    [Fact]
    public async Task RetaggingMovesTheReference()
    {
        var store = await LocalStore.OpenAsync(_dir.Path);
        var layer = await TestImages.AddLayerAsync(store, TestImages.Tar(("a", "1")));
        var first = await TestImages.AddImageAsync(store, [layer], "app", marker: "first");
        var second = await TestImages.AddImageAsync(store, [layer], "app", marker: "second");
        Assert.NotEqual(first.Digest, second.Digest);
        Assert.Equal(second.Digest, (await store.ResolveAsync("app")).Target.Digest);
        Assert.Single(await store.ListImagesAsync());
    }

    [Fact]
    public async Task AmbiguousPrefixAndUnknownNamesAreClearErrors()
    {
        var store = await LocalStore.OpenAsync(_dir.Path);
        var layer = await TestImages.AddLayerAsync(store, TestImages.Tar(("a", "1")));
        var ids = new List<Digest>();
        for (var i = 0; i < 40; i++)
        {
            ids.Add((await TestImages.AddImageAsync(store, [layer], $"app:{i}", marker: i.ToString(System.Globalization.CultureInfo.InvariantCulture))).Value.Config.Digest);
        }

        // 40 ids over 16 first characters: some first character is shared.
        var shared = ids.GroupBy(d => d.Encoded[0]).First(g => g.Count() > 1).Key.ToString();
        var e = await Assert.ThrowsAsync<AmbiguousImageIdException>(() => store.ResolveAsync(shared));
        Assert.True(e.Candidates.Count > 1);
        var missing = await Assert.ThrowsAsync<ImageNotFoundException>(() => store.ResolveAsync("nothere:1"));
        Assert.Contains("nothere:1", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TaggingRequiresTheBlobs()
    {
        var store = await LocalStore.OpenAsync(_dir.Path);
        var absentLayer = new TestImages.Layer(Descriptor.For(MediaTypes.OciLayer, "never stored"u8), Digest.Compute("never stored"u8));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => store.PutImageAsync(TestImages.Config([absentLayer]), [absentLayer.Descriptor]));
        var ghost = Descriptor.For(MediaTypes.OciImageManifest, "{}"u8);
        await Assert.ThrowsAsync<BlobNotFoundException>(() => store.TagAsync(ImageReference.Parse("ghost"), ghost));
        Assert.Empty(await store.ListImagesAsync());
    }

    [Fact]
    public async Task MultiPlatformIndexSelectsTheHostManifest()
    {
        var store = await LocalStore.OpenAsync(_dir.Path);
        var layer = await TestImages.AddLayerAsync(store, TestImages.Tar(("a", "1")));
        var manifest = await TestImages.AddImageAsync(store, [layer]);
        var child = manifest.ToDescriptor() with { Platform = Platform.Host() };
        var other = Descriptor.For(MediaTypes.OciImageManifest, "not pulled"u8) with { Platform = new Platform("linux", "s390x") };
        var index = RawDocument.Create(new Kiln.Oci.Images.ImageIndex(MediaTypes.OciImageIndex, [other, child]));
        var indexDescriptor = await store.PutManifestAsync(index.Bytes);
        Assert.Equal(MediaTypes.OciImageIndex, indexDescriptor.MediaType);
        await store.TagAsync(ImageReference.Parse("multi:1"), indexDescriptor);

        var image = await store.GetImageAsync("multi:1");
        Assert.Equal(manifest.Digest, image.ManifestDigest);
        Assert.Equal(index.Digest, image.Index!.Digest);
        Assert.Equal(manifest.Value.Config.Digest, (await store.ListImagesAsync()).Single().ImageId);
        // An image ID names one platform's image: it resolves to that manifest, not the index.
        Assert.Equal(manifest.Digest, (await store.ResolveAsync(manifest.Value.Config.Digest.Short)).Target.Digest);
        Assert.Equal(index.Digest, (await store.ResolveAsync("multi:1")).Target.Digest);
        Assert.True((await store.CheckAsync()).IsClean);
    }
}
