using System.IO.Compression;
using Kiln.Distribution;
using Kiln.Distribution.Auth;
using Kiln.Distribution.Blobs;
using Kiln.Distribution.Http;
using Kiln.Oci;
using Kiln.Oci.Images;
using Kiln.Storage;
using Kiln.Testing.Registry;

namespace Kiln.Transports.Tests.Registry;

/// <summary>Local stores with small real images (gzip tar layers) and registry clients for the pull/push tests.</summary>
internal static class RegistryTestImages
{
    public static RegistryClient Client(RegistryServer server) =>
        new(new RegistryClientOptions
        {
            Hosts = new RegistryHosts { CertRoots = [], CertDirectory = server.CertDirectory },
            Credentials = new StaticCredentialProvider(server.RequiresAuth ? new RegistryCredential(RegistryServer.Username, RegistryServer.Password) : null),
            Retry = new RetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(5) },
        });

    public static RegistryClient PlainClient(string host) =>
        new(new RegistryClientOptions
        {
            Hosts = new RegistryHosts { CertRoots = [], PlainHttpHosts = new HashSet<string> { host } },
            Retry = new RetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(5) },

            // Small limits so that layers of the fault tests go up in chunks.
            Upload = new BlobUploadOptions { MonolithicLimit = 50_000, ChunkSize = 30_000 },
        });

    public static byte[] Gzip(byte[] content)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    /// <summary>Stores an image of <paramref name="layerCount"/> layers for <paramref name="platform"/>; nothing is tagged.</summary>
    public static async Task<RawDocument<ImageManifest>> AddImageAsync(LocalStore store, string seed, Platform? platform = null, int layerCount = 2, int fileSize = 3000)
    {
        platform ??= new Platform("linux", "amd64");
        var layers = new List<Descriptor>();
        var diffIds = new List<Digest>();
        for (var i = 0; i < layerCount; i++)
        {
            var bytes = new byte[fileSize];
            new Random(HashCode.Combine(seed, i)).NextBytes(bytes);
            var tar = TestArchives.TarOfBytes(($"{seed}/file{i}.bin", bytes));
            diffIds.Add(Digest.Compute(tar));
            layers.Add(await store.Blobs.WriteAsync(Gzip(tar), MediaTypes.OciLayerGzip));
        }

        var config = RawDocument.Create(new ImageConfig(platform) { RootFs = new RootFs(diffIds) });
        return await store.PutImageAsync(config.Bytes, layers);
    }

    /// <summary>Stores an OCI index over one image per platform and tags it.</summary>
    public static async Task<(Descriptor Index, IReadOnlyList<Descriptor> Manifests)> AddIndexAsync(LocalStore store, string seed, ImageReference tag, params Platform[] platforms)
    {
        var children = new List<Descriptor>();
        foreach (var platform in platforms)
        {
            var manifest = await AddImageAsync(store, seed + platform, platform);
            children.Add(manifest.ToDescriptor() with { Platform = platform });
        }

        var index = RawDocument.Create(new ImageIndex(MediaTypes.OciImageIndex, children));
        var descriptor = await store.PutManifestAsync(index.Bytes, index.MediaType);
        await store.TagAsync(tag, descriptor);
        return (descriptor, children);
    }
}
