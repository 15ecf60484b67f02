using Kiln.Distribution.Blobs;
using Kiln.Distribution.Errors;
using Kiln.Oci;
using Kiln.Testing.Registry;

namespace Kiln.Distribution.Tests;

/// <summary>The client through the fault-injecting proxy in front of a real plain registry.</summary>
public sealed class FaultInjectionTests
{
    [Fact]
    public async Task Idempotent_requests_survive_5xx_and_429_with_retry_after()
    {
        await using var server = await RegistryServer.StartAsync(RegistryServerMode.Plain);
        await using var proxy = FaultProxy.Start(server.Host);
        var delays = new RecordingDelaySource();
        using var client = TestRegistries.Client(proxy.Host, delays);
        var repository = client.Repository(proxy.Host, "kiln/faults");
        var manifest = await TestRegistries.UploadImageAsync(repository, seed: 4);
        await repository.Manifests.PutAsync("v1", manifest.Bytes, manifest.MediaType);

        proxy.Add(new ProxyFault(FaultKind.ServerError, "GET", "/manifests/v1", Times: 2));
        proxy.Add(new ProxyFault(FaultKind.TooManyRequests, "GET", "/manifests/v1") { RetryAfterSeconds = 3 });
        Assert.Equal(manifest.Digest, (await repository.Manifests.GetAsync("v1")).Digest);
        Assert.Equal(0, proxy.PendingFaults);
        Assert.Equal(3, delays.Delays.Count);
        Assert.Equal(TimeSpan.FromSeconds(3), delays.Delays[2]);

        proxy.Add(new ProxyFault(FaultKind.ServerError, "GET", "/manifests/v1", Times: 10));
        var error = await Assert.ThrowsAsync<RegistryException>(() => repository.Manifests.GetAsync("v1"));
        Assert.Contains("503", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blob_downloads_resume_after_a_reset_and_a_flipped_byte_is_detected()
    {
        await using var server = await RegistryServer.StartAsync(RegistryServerMode.Plain);
        await using var proxy = FaultProxy.Start(server.Host);
        using var client = TestRegistries.Client(proxy.Host, new RecordingDelaySource());
        var repository = client.Repository(proxy.Host, "kiln/download");
        var content = TestRegistries.RandomBytes(200_000, 5);
        var descriptor = Descriptor.For(MediaTypes.OciLayer, content);
        await repository.Blobs.UploadAsync(descriptor, TestRegistries.Source(content));

        proxy.Add(new ProxyFault(FaultKind.ResetMidBody, "GET", "/blobs/sha256:", Times: 2));
        Assert.Equal(content, await repository.Blobs.ReadAllBytesAsync(descriptor));
        Assert.Contains(proxy.Log, line => line.Contains("reset after 100000", StringComparison.Ordinal));

        proxy.Add(new ProxyFault(FaultKind.SlowBody, "GET", "/blobs/sha256:"));
        Assert.Equal(content, await repository.Blobs.ReadAllBytesAsync(descriptor));

        proxy.Add(new ProxyFault(FaultKind.FlipByte, "GET", "/blobs/sha256:"));
        var error = await Assert.ThrowsAsync<BlobVerificationException>(() => repository.Blobs.ReadAllBytesAsync(descriptor));
        Assert.Equal(descriptor.Digest, error.Expected);
        Assert.Contains("corrupted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chunked_uploads_resume_from_the_registry_status_after_resets_and_5xx()
    {
        await using var server = await RegistryServer.StartAsync(RegistryServerMode.Plain);
        await using var proxy = FaultProxy.Start(server.Host);
        using var client = TestRegistries.Client(proxy.Host, new RecordingDelaySource(), new BlobUploadOptions { MonolithicLimit = 1024, ChunkSize = 50_000 });
        var repository = client.Repository(proxy.Host, "kiln/chunked");
        var content = TestRegistries.RandomBytes(260_000, 6);
        var descriptor = Descriptor.For(MediaTypes.OciLayer, content);

        // One PATCH is lost on the way (connection reset), a later one gets a 503: both resume in the same session.
        proxy.Add(new ProxyFault(FaultKind.ResetBeforeForward, "PATCH", "/blobs/uploads/"));
        proxy.Add(new ProxyFault(FaultKind.ServerError, "PATCH", "/blobs/uploads/"));
        var uploaded = await Record.ExceptionAsync(() => repository.Blobs.UploadAsync(descriptor, TestRegistries.Source(content)));
        Assert.True(uploaded is null, uploaded?.Message + "\n" + string.Join("\n", proxy.Log));
        Assert.Equal(0, proxy.PendingFaults);
        Assert.Equal(2, proxy.Log.Count(line => line.StartsWith("GET /v2/kiln/chunked/blobs/uploads/", StringComparison.Ordinal)));
        Assert.Single(proxy.Log, line => line.StartsWith("POST ", StringComparison.Ordinal));
        Assert.Equal(content, await repository.Blobs.ReadAllBytesAsync(descriptor));
    }

    [Fact]
    public async Task A_chunked_upload_whose_answer_was_lost_restarts_when_the_registry_refuses_the_stale_session()
    {
        await using var server = await RegistryServer.StartAsync(RegistryServerMode.Plain);
        await using var proxy = FaultProxy.Start(server.Host);
        using var client = TestRegistries.Client(proxy.Host, new RecordingDelaySource(), new BlobUploadOptions { MonolithicLimit = 1024, ChunkSize = 50_000 });
        var repository = client.Repository(proxy.Host, "kiln/chunked-lost");
        var content = TestRegistries.RandomBytes(120_000, 10);
        var descriptor = Descriptor.For(MediaTypes.OciLayer, content);
        proxy.Add(new ProxyFault(FaultKind.ResetAfterForward, "PATCH", "/blobs/uploads/"));
        Assert.Equal(BlobUploadResult.Uploaded, await repository.Blobs.UploadAsync(descriptor, TestRegistries.Source(content)));
        Assert.Equal(content, await repository.Blobs.ReadAllBytesAsync(descriptor));
    }

    [Fact]
    public async Task Monolithic_uploads_restart_after_a_reset()
    {
        await using var server = await RegistryServer.StartAsync(RegistryServerMode.Plain);
        await using var proxy = FaultProxy.Start(server.Host);
        using var client = TestRegistries.Client(proxy.Host, new RecordingDelaySource());
        var repository = client.Repository(proxy.Host, "kiln/monolithic");
        var content = TestRegistries.RandomBytes(10_000, 9);
        var descriptor = Descriptor.For(MediaTypes.OciLayer, content);
        proxy.Add(new ProxyFault(FaultKind.ServerError, "PUT", "digest=sha256"));
        proxy.Add(new ProxyFault(FaultKind.ServerError, "POST", "/blobs/uploads/"));
        Assert.Equal(BlobUploadResult.Uploaded, await repository.Blobs.UploadAsync(descriptor, TestRegistries.Source(content)));
        Assert.Equal(content, await repository.Blobs.ReadAllBytesAsync(descriptor));
    }
}
