using Kiln.Distribution.Auth;
using Kiln.Distribution.Blobs;
using Kiln.Distribution.Errors;
using Kiln.Distribution.Http;
using Kiln.Oci;
using Kiln.Testing.Registry;

namespace Kiln.Distribution.Tests;

/// <summary>The client against the real docker-registry in its four configurations.</summary>
public sealed class RegistryClientTests
{
    [Theory]
    [InlineData(RegistryServerMode.Plain)]
    [InlineData(RegistryServerMode.Basic)]
    [InlineData(RegistryServerMode.Tls)]
    [InlineData(RegistryServerMode.Token)]
    public async Task Blobs_and_manifests_round_trip(RegistryServerMode mode)
    {
        await using var server = await RegistryServer.StartAsync(mode);
        using var client = TestRegistries.Client(server);
        var repository = client.Repository(server.Host, "kiln/round-trip");
        var manifest = await TestRegistries.UploadImageAsync(repository, seed: 1);

        var pushed = await repository.Manifests.PutAsync("v1", manifest.Bytes, manifest.MediaType);
        Assert.Equal(manifest.Digest, pushed.Digest);

        var byTag = await repository.Manifests.GetAsync("v1");
        Assert.Equal(manifest.Digest, byTag.Digest);
        Assert.Equal(MediaTypes.OciImageManifest, byTag.MediaType);
        Assert.Equal(manifest.Bytes.ToArray(), byTag.Bytes.ToArray());
        var byDigest = await repository.Manifests.GetAsync(manifest.Digest.ToString());
        Assert.Equal(manifest.Digest, byDigest.Digest);
        var head = await repository.Manifests.HeadAsync("v1");
        Assert.Equal(manifest.Digest, head!.Digest);
        Assert.Equal(manifest.Size, head.Size);

        var layer = manifest.Value.Layers[0];
        Assert.Equal(layer.Size, await repository.Blobs.HeadAsync(layer.Digest));
        Assert.Equal(TestRegistries.RandomBytes(4096, 1), await repository.Blobs.ReadAllBytesAsync(layer));
        Assert.Equal(["v1"], await repository.Manifests.ListTagsAsync());

        await repository.Manifests.DeleteAsync(manifest.Digest);
        var gone = await Assert.ThrowsAsync<RegistryException>(() => repository.Manifests.GetAsync("v1"));
        Assert.True(gone.IsNotFound);
        Assert.Null(await repository.Manifests.HeadAsync(manifest.Digest.ToString()));
    }

    [Fact]
    public async Task Large_blobs_upload_in_chunks_and_mount_across_repositories()
    {
        await using var server = await RegistryServer.StartAsync(RegistryServerMode.Token);
        using var client = TestRegistries.Client(server, upload: new BlobUploadOptions { MonolithicLimit = 1024, ChunkSize = 64 << 10 });
        var source = client.Repository(server.Host, "kiln/source");
        var content = TestRegistries.RandomBytes(300_000, 7);
        var descriptor = Descriptor.For(MediaTypes.OciLayer, content);
        var sent = new List<long>();
        Assert.Equal(BlobUploadResult.Uploaded, await source.Blobs.UploadAsync(descriptor, TestRegistries.Source(content), progress: new SyncProgress(sent)));
        Assert.Equal(descriptor.Size, sent[^1]);
        Assert.Equal(5, sent.Count);
        Assert.Equal(BlobUploadResult.Exists, await source.Blobs.UploadAsync(descriptor, TestRegistries.Source(content)));

        var target = client.Repository(server.Host, "kiln/target");
        Assert.Null(await target.Blobs.HeadAsync(descriptor.Digest));
        Assert.Equal(BlobUploadResult.Mounted, await target.Blobs.UploadAsync(descriptor, TestRegistries.Source(content), mountFrom: "kiln/source"));
        Assert.Equal(content, await target.Blobs.ReadAllBytesAsync(descriptor));

        // A mount from a repository without the blob falls back to an upload in the session the registry opened.
        var other = Descriptor.For(MediaTypes.OciLayer, TestRegistries.RandomBytes(2000, 8));
        Assert.Equal(BlobUploadResult.Uploaded, await target.Blobs.UploadAsync(other, TestRegistries.Source(TestRegistries.RandomBytes(2000, 8)), mountFrom: "kiln/empty"));
    }

    [Fact]
    public async Task Tags_are_listed_across_link_pages_and_referrers_are_reported_unsupported()
    {
        await using var server = await RegistryServer.StartAsync(RegistryServerMode.Plain);
        using var client = TestRegistries.Client(server);
        var repository = client.Repository(server.Host, "kiln/tags");
        var manifest = await TestRegistries.UploadImageAsync(repository, seed: 2);
        var tags = new[] { "a", "b", "c", "d", "e" };
        foreach (var tag in tags)
        {
            await repository.Manifests.PutAsync(tag, manifest.Bytes, manifest.MediaType);
        }

        Assert.Equal(tags, (await repository.Manifests.ListTagsAsync(pageSize: 2)).Order(StringComparer.Ordinal));
        Assert.Null(await repository.Manifests.GetReferrersAsync(manifest.Digest));

        using var strict = new RegistryClient(client.Options with { MaxManifestSize = 100 });
        var tooLarge = await Assert.ThrowsAsync<RegistryException>(() => strict.Repository(server.Host, "kiln/tags").Manifests.GetAsync("a"));
        Assert.Contains("100 bytes", tooLarge.Message, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<RegistryException>(() => client.Repository(server.Host, "kiln/nothing").Manifests.GetAsync("latest"));
        Assert.True(missing.IsNotFound);
    }

    [Theory]
    [InlineData(RegistryServerMode.Basic)]
    [InlineData(RegistryServerMode.Token)]
    public async Task Anonymous_and_wrong_credentials_are_refused_with_advice(RegistryServerMode mode)
    {
        await using var server = await RegistryServer.StartAsync(mode);
        using (var anonymous = new RegistryClient(new RegistryClientOptions { Hosts = new RegistryHosts { CertRoots = [] } }))
        {
            var error = await Assert.ThrowsAsync<RegistryException>(() => anonymous.Repository(server.Host, "kiln/private").Manifests.GetAsync("latest"));
            Assert.True(error.IsAuthFailure);
            Assert.Contains($"kiln login {server.Host}", error.Message, StringComparison.Ordinal);
        }

        using (var wrong = TestRegistries.Client(server, new RegistryCredential(RegistryServer.Username, "wrong-password")))
        {
            var error = await Assert.ThrowsAsync<RegistryException>(() => wrong.CheckAccessAsync(server.Host));
            Assert.DoesNotContain("wrong-password", error.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(RegistryServer.Password, error.ToString(), StringComparison.Ordinal);
        }

        using var right = TestRegistries.Client(server);
        await right.CheckAccessAsync(server.Host);
    }

    [Fact]
    public async Task An_identity_token_is_exchanged_through_the_oauth2_refresh_grant()
    {
        await using var server = await RegistryServer.StartAsync(RegistryServerMode.Token);
        using var client = TestRegistries.Client(server, new RegistryCredential(null, null, TokenServer.RefreshToken));
        await client.CheckAccessAsync(server.Host);
        var repository = client.Repository(server.Host, "kiln/identity");
        var manifest = await TestRegistries.UploadImageAsync(repository, seed: 11);
        await repository.Manifests.PutAsync("v1", manifest.Bytes, manifest.MediaType);
        Assert.Equal(manifest.Digest, (await repository.Manifests.GetAsync("v1")).Digest);

        using var revoked = TestRegistries.Client(server, new RegistryCredential(null, null, "revoked"));
        var error = await Assert.ThrowsAsync<RegistryException>(() => revoked.Repository(server.Host, "kiln/identity").Manifests.GetAsync("v1"));
        Assert.DoesNotContain("revoked", error.Message.Replace("rejected", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bearer_tokens_are_cached_per_scope()
    {
        await using var server = await RegistryServer.StartAsync(RegistryServerMode.Token);
        using var client = TestRegistries.Client(server);
        var repository = client.Repository(server.Host, "kiln/cached");
        var manifest = await TestRegistries.UploadImageAsync(repository, seed: 3);
        await repository.Manifests.PutAsync("v1", manifest.Bytes, manifest.MediaType);
        for (var i = 0; i < 5; i++)
        {
            await repository.Manifests.GetAsync("v1");
            await repository.Blobs.HeadAsync(manifest.Value.Config.Digest);
        }

        // One token for pull,push (uploads and the PUT) and one for pull (GET/HEAD), not one per request.
        Assert.InRange(server.TokenServer!.Issued, 1, 3);
    }

    [Fact]
    public async Task Tls_needs_the_ca_from_a_cert_dir_or_certs_d_or_tls_verify_false()
    {
        await using var server = await RegistryServer.StartAsync(RegistryServerMode.Tls);
        var credentials = new StaticCredentialProvider(TestRegistries.Credential);

        // The loopback fallback to plain HTTP must not hide the TLS failure: HTTP to a TLS port fails too.
        using (var untrusted = new RegistryClient(new RegistryClientOptions { Hosts = new RegistryHosts { CertRoots = [] }, Credentials = credentials }))
        {
            var error = await Assert.ThrowsAsync<RegistryException>(() => untrusted.CheckAccessAsync(server.Host));
            Assert.Contains("TLS", error.Message, StringComparison.Ordinal);
            Assert.Contains("--cert-dir", error.Message, StringComparison.Ordinal);
        }

        using (var certsD = new RegistryClient(new RegistryClientOptions { Hosts = new RegistryHosts { CertRoots = [server.CertRoot!] }, Credentials = credentials }))
        {
            await certsD.CheckAccessAsync(server.Host);
        }

        using var insecure = new RegistryClient(new RegistryClientOptions { Hosts = new RegistryHosts { CertRoots = [], TlsVerify = false }, Credentials = credentials });
        await insecure.CheckAccessAsync(server.Host);
    }

    private sealed class SyncProgress(List<long> values) : IProgress<long>
    {
        public void Report(long value)
        {
            lock (values)
            {
                values.Add(value);
            }
        }
    }
}
