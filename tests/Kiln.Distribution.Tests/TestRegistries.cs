using Kiln.Distribution.Auth;
using Kiln.Distribution.Blobs;
using Kiln.Distribution.Http;
using Kiln.Oci;
using Kiln.Oci.Images;
using Kiln.Testing.Registry;

namespace Kiln.Distribution.Tests;

/// <summary>Clients and small images for tests against a real <see cref="RegistryServer"/>.</summary>
internal static class TestRegistries
{
    public static RegistryCredential Credential { get; } = new(RegistryServer.Username, RegistryServer.Password);

    /// <summary>A client for <paramref name="server"/>: its CA trusted through --cert-dir when TLS, its credentials when it needs them.</summary>
    public static RegistryClient Client(RegistryServer server, RegistryCredential? credential = null, IDelaySource? delays = null, BlobUploadOptions? upload = null) =>
        new(new RegistryClientOptions
        {
            Hosts = new RegistryHosts { CertRoots = [], CertDirectory = server.CertDirectory },
            Credentials = new StaticCredentialProvider(credential ?? (server.RequiresAuth ? Credential : null)),
            Retry = new RetryPolicy { Delay = delays ?? new RecordingDelaySource() },
            Upload = upload ?? new BlobUploadOptions(),
        });

    /// <summary>A client for a plain registry reached through <paramref name="host"/> (a fault proxy).</summary>
    public static RegistryClient Client(string host, RecordingDelaySource delays, BlobUploadOptions? upload = null) =>
        new(new RegistryClientOptions
        {
            Hosts = new RegistryHosts { CertRoots = [], PlainHttpHosts = new HashSet<string> { host } },
            Retry = new RetryPolicy { Delay = delays },
            Upload = upload ?? new BlobUploadOptions(),
        });

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static BlobSource Source(byte[] content) => (offset, _) => Task.FromResult<Stream>(new MemoryStream(content, (int)offset, content.Length - (int)offset, writable: false));

    /// <summary>Uploads a config and one layer and returns the manifest over them (not yet pushed).</summary>
    public static async Task<RawDocument<ImageManifest>> UploadImageAsync(RegistryRepository repository, int seed, int layerSize = 4096)
    {
        var layer = RandomBytes(layerSize, seed);
        var layerDescriptor = Descriptor.For(MediaTypes.OciLayerGzip, layer);
        var config = RawDocument.Create(new ImageConfig("amd64", "linux") { RootFs = new RootFs([Digest.Compute(layer)]) });
        await repository.Blobs.UploadAsync(layerDescriptor, Source(layer));
        await repository.Blobs.UploadAsync(config.ToDescriptor(), Source(config.Bytes.ToArray()));
        return RawDocument.Create(new ImageManifest(MediaTypes.OciImageManifest, config.ToDescriptor(), [layerDescriptor]));
    }
}
