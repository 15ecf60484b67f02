using Kiln.Distribution.Errors;
using Kiln.Oci;
using Kiln.Storage;
using Kiln.Testing;
using Kiln.Testing.Registry;
using Kiln.Transports.Registry;

namespace Kiln.Transports.Tests.Registry;

/// <summary>Pull and push between the local store and a real docker-registry.</summary>
public sealed class RegistryCopyTests : IDisposable
{
    private readonly TempDirectory _temp = new("kiln-regcopy");

    public void Dispose() => _temp.Dispose();

    private Task<LocalStore> StoreAsync(string name) => LocalStore.OpenAsync(Path.Combine(_temp.Path, name));

    [Theory]
    [InlineData(RegistryServerMode.Plain)]
    [InlineData(RegistryServerMode.Basic)]
    [InlineData(RegistryServerMode.Tls)]
    [InlineData(RegistryServerMode.Token)]
    public async Task Push_then_pull_round_trips_an_image(RegistryServerMode mode)
    {
        await using var server = await RegistryServer.StartAsync(mode);
        using var client = RegistryTestImages.Client(server);
        var source = await StoreAsync("source");
        var image = await RegistryTestImages.AddImageAsync(source, "round-trip");
        var reference = ImageReference.Parse($"{server.Host}/kiln/app:1.0");
        await source.TagAsync(reference, image.ToDescriptor());

        var progress = new List<BlobProgress>();
        var pushed = await new RegistryPusher(client, source).PushAsync(reference.ToString(), reference, new PushOptions { Progress = new ListProgress(progress) });
        Assert.Equal(image.Digest, pushed.Target.Digest);
        Assert.Equal(3, pushed.Uploaded);
        Assert.Contains(progress, p => p.State == BlobTransferState.Done && p.Done == p.Total);

        var again = await new RegistryPusher(client, source).PushAsync(reference.ToString(), reference);
        Assert.Equal(3, again.Existing);

        var destination = await StoreAsync("destination");
        var pulled = await new RegistryPuller(client, destination).PullAsync(reference);
        Assert.Equal(image.Digest, pulled.Target.Digest);
        Assert.Equal(3, pulled.Downloaded);
        var stored = await destination.GetImageAsync(reference.ToString());
        Assert.Equal(image.Digest, stored.ManifestDigest);
        Assert.Equal(image.Value.Config.Digest, stored.ImageId);
        foreach (var layer in image.Value.Layers)
        {
            Assert.Equal(layer.Size, destination.Blobs.GetSize(layer.Digest));
        }

        var repeat = await new RegistryPuller(client, destination).PullAsync(reference.WithDigest(image.Digest));
        Assert.Equal(0, repeat.Downloaded);
        Assert.Equal(3, repeat.Skipped);
    }

    [Fact]
    public async Task Pushing_another_name_of_the_same_image_mounts_its_blobs()
    {
        await using var server = await RegistryServer.StartAsync(RegistryServerMode.Token);
        using var client = RegistryTestImages.Client(server);
        var store = await StoreAsync("store");
        var image = await RegistryTestImages.AddImageAsync(store, "mount");
        var first = ImageReference.Parse($"{server.Host}/team/base:1");
        var second = ImageReference.Parse($"{server.Host}/team/app:1");
        await store.TagAsync(first, image.ToDescriptor());
        await store.TagAsync(second, image.ToDescriptor());

        await new RegistryPusher(client, store).PushAsync(first.ToString(), first);
        var mounted = await new RegistryPusher(client, store).PushAsync(second.ToString(), second);
        Assert.Equal(3, mounted.Mounted);
        Assert.Equal(0, mounted.Uploaded);
        Assert.Equal(image.Digest, (await client.Repository(second).Manifests.GetAsync("1")).Digest);
    }

    [Fact]
    public async Task A_multi_platform_index_is_pushed_whole_and_pulled_for_a_chosen_platform()
    {
        await using var server = await RegistryServer.StartAsync(RegistryServerMode.Plain);
        using var client = RegistryTestImages.Client(server);
        var source = await StoreAsync("source");
        var reference = ImageReference.Parse($"{server.Host}/kiln/multi:latest");
        var amd64 = new Platform("linux", "amd64");
        var arm64 = new Platform("linux", "arm64");
        var (index, manifests) = await RegistryTestImages.AddIndexAsync(source, "multi", reference, amd64, arm64);

        var pushed = await new RegistryPusher(client, source).PushAsync(reference.ToString(), reference);
        Assert.Equal(index.Digest, pushed.Target.Digest);
        Assert.Equal(MediaTypes.OciImageIndex, (await client.Repository(reference).Manifests.GetAsync("latest")).MediaType);
        Assert.Equal(2, pushed.Manifests.Count);

        var armStore = await StoreAsync("arm");
        var arm = await new RegistryPuller(client, armStore).PullAsync(reference, new PullOptions { Platform = arm64 });
        Assert.Equal(index.Digest, arm.Target.Digest);
        Assert.Equal(manifests[1].Digest, arm.Manifest.Digest);
        Assert.Equal(manifests[1].Digest, (await armStore.GetImageAsync(reference.ToString(), arm64)).ManifestDigest);
        Assert.Null(armStore.Blobs.GetSize(manifests[0].Digest));

        var hostStore = await StoreAsync("host");
        var host = await new RegistryPuller(client, hostStore).PullAsync(reference);
        Assert.Equal(manifests[0].Digest, host.Manifest.Digest);

        var error = await Assert.ThrowsAsync<RegistryException>(() => new RegistryPuller(client, hostStore).PullAsync(reference, new PullOptions { Platform = Platform.Parse("linux/s390x") }));
        Assert.Contains("linux/arm64", error.Message, StringComparison.Ordinal);

        // The partially pulled index cannot be pushed on: a registry would reject it.
        var elsewhere = ImageReference.Parse($"{server.Host}/kiln/copy:latest");
        await armStore.TagAsync(elsewhere, arm.Target);
        await Assert.ThrowsAsync<Kiln.Storage.Errors.InvalidImageException>(() => new RegistryPusher(client, armStore).PushAsync(elsewhere.ToString(), elsewhere));
    }

    [Fact]
    public async Task A_corrupted_blob_is_never_stored_and_transient_faults_are_survived()
    {
        await using var server = await RegistryServer.StartAsync(RegistryServerMode.Plain);
        await using var proxy = FaultProxy.Start(server.Host);
        using var client = RegistryTestImages.PlainClient(proxy.Host);
        var source = await StoreAsync("source");
        var image = await RegistryTestImages.AddImageAsync(source, "faults", layerCount: 1, fileSize: 100_000);
        var reference = ImageReference.Parse($"{proxy.Host}/kiln/faulty:1");
        await source.TagAsync(reference, image.ToDescriptor());
        proxy.Add(new ProxyFault(FaultKind.ServerError, "PUT", "/manifests/1"));
        proxy.Add(new ProxyFault(FaultKind.ResetBeforeForward, "PUT", "digest=sha256"));
        proxy.Add(new ProxyFault(FaultKind.ResetBeforeForward, "PATCH", "/blobs/uploads/"));
        proxy.Add(new ProxyFault(FaultKind.ServerError, "PATCH", "/blobs/uploads/"));
        await new RegistryPusher(client, source).PushAsync(reference.ToString(), reference);
        Assert.Equal(0, proxy.PendingFaults);

        var layer = image.Value.Layers[0];
        var corrupted = await StoreAsync("corrupted");
        proxy.Add(new ProxyFault(FaultKind.FlipByte, "GET", "/blobs/" + layer.Digest, Times: 2));
        var error = await Assert.ThrowsAsync<BlobVerificationException>(() => new RegistryPuller(client, corrupted).PullAsync(reference));
        Assert.Equal(layer.Digest, error.Expected);
        Assert.Null(corrupted.Blobs.GetSize(layer.Digest));
        Assert.DoesNotContain(corrupted.Blobs.Enumerate(), blob => blob.Digest == layer.Digest);
        await Assert.ThrowsAsync<Kiln.Storage.Errors.ImageNotFoundException>(() => corrupted.ResolveAsync(reference.ToString()));

        // One flipped byte, a reset mid-body and a 503: the pull retries, resumes and verifies.
        var healthy = await StoreAsync("healthy");
        proxy.Add(new ProxyFault(FaultKind.FlipByte, "GET", "/blobs/" + layer.Digest));
        proxy.Add(new ProxyFault(FaultKind.ResetMidBody, "GET", "/blobs/" + layer.Digest));
        proxy.Add(new ProxyFault(FaultKind.ServerError, "GET", "/manifests/1"));
        var pulled = await new RegistryPuller(client, healthy).PullAsync(reference);
        Assert.Equal(image.Digest, pulled.Target.Digest);
        Assert.Equal(0, proxy.PendingFaults);
        await using var stream = await healthy.Blobs.OpenReadAsync(layer.Digest, layer.Size);
        Assert.Equal(layer.Digest, await Digest.ComputeAsync(stream));
    }

    private sealed class ListProgress(List<BlobProgress> list) : IProgress<BlobProgress>
    {
        public void Report(BlobProgress value)
        {
            lock (list)
            {
                list.Add(value);
            }
        }
    }
}
