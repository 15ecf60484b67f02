using System.IO.Compression;
using System.Text;
using Kiln.Archives.Tar;
using Kiln.Oci;
using Kiln.Oci.Images;

namespace Kiln.Storage.Tests;

/// <summary>Builds synthetic layers (with our PAX writer) and images directly into a store.</summary>
internal static class TestImages
{
    public static TarEntry File(string path, int size) => new() { Path = path, Type = TarEntryType.RegularFile, Mode = 0x1a4, Size = size };

    public static TarEntry Dir(string path) => new() { Path = path, Type = TarEntryType.Directory, Mode = 0x1ed };

    /// <summary>A tar of files (content given), directories (null content) and empty whiteout files.</summary>
    public static byte[] Tar(params (string Path, string? Content)[] entries)
    {
        var output = new MemoryStream();
        using (var writer = new PaxTarWriter(output, leaveOpen: true))
        {
            foreach (var (path, content) in entries)
            {
                if (content is null)
                {
                    writer.WriteEntry(Dir(path));
                }
                else
                {
                    var bytes = Encoding.UTF8.GetBytes(content);
                    writer.WriteEntry(File(path, bytes.Length), new MemoryStream(bytes));
                }
            }

            writer.Finish();
        }

        return output.ToArray();
    }

    public static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    public sealed record Layer(Descriptor Descriptor, Digest DiffId);

    public static async Task<Layer> AddLayerAsync(LocalStore store, byte[] tar, bool gzip = true)
    {
        var blob = gzip ? Gzip(tar) : tar;
        var descriptor = await store.Blobs.WriteAsync(blob, gzip ? MediaTypes.OciLayerGzip : MediaTypes.OciLayer);
        return new Layer(descriptor, Digest.Compute(tar));
    }

    public static byte[] Config(IEnumerable<Layer> layers, string marker = "", DateTimeOffset? created = null) =>
        RawDocument.Create(new ImageConfig("amd64", "linux")
        {
            Created = created ?? new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero),
            RootFs = new RootFs(layers.Select(l => l.DiffId).ToList()),
            Config = new ContainerConfig { Env = ["MARKER=" + marker] },
        }).Bytes.ToArray();

    /// <summary>Stores an image over <paramref name="layers"/> and tags it when <paramref name="tag"/> is given.</summary>
    public static async Task<RawDocument<ImageManifest>> AddImageAsync(LocalStore store, IReadOnlyList<Layer> layers, string? tag = null, string marker = "")
    {
        var manifest = await store.PutImageAsync(Config(layers, marker), layers.Select(l => l.Descriptor).ToList());
        if (tag is not null)
        {
            await store.TagAsync(ImageReference.Parse(tag), manifest.ToDescriptor());
        }

        return manifest;
    }
}
