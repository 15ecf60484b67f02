using System.IO.Compression;
using System.Text;
using Kiln.Archives.Tar;
using Kiln.Oci;
using Kiln.Oci.Images;
using Kiln.Storage;
using Kiln.Testing;

namespace Kiln.Cli.Tests.Store;

/// <summary>
/// A temporary local store filled through the Kiln.Storage API in the test process (layers written with the PAX writer and
/// gzip, realistic configs with history), and runs of the real <c>kiln</c> binary against it with <c>--root</c>.
/// </summary>
internal sealed class TestStore : IDisposable
{
    private readonly TempDirectory _directory;

    private TestStore(TempDirectory directory, LocalStore store)
    {
        _directory = directory;
        Store = store;
    }

    public LocalStore Store { get; }

    public string Root => Store.Root;

    /// <summary>The current time truncated to seconds, so timestamps round-trip exactly through JSON.</summary>
    public static DateTimeOffset Now { get; } = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    public static async Task<TestStore> CreateAsync()
    {
        var directory = new TempDirectory("kiln-store");
        var store = await LocalStore.OpenAsync(Path.Combine(directory.Path, "store"));
        return new TestStore(directory, store);
    }

    /// <summary>Runs <c>kiln --root ROOT args...</c>.</summary>
    public KilnResult Kiln(params string[] args) => KilnProcess.Run(["--root", Root, .. args]);

    /// <summary>A tar with one regular file per (path, content) pair.</summary>
    public static byte[] Tar(params (string Path, string Content)[] files)
    {
        var output = new MemoryStream();
        using (var writer = new PaxTarWriter(output, leaveOpen: true))
        {
            foreach (var (path, content) in files)
            {
                var bytes = Encoding.UTF8.GetBytes(content);
                writer.WriteEntry(
                    new TarEntry { Path = path, Type = TarEntryType.RegularFile, Mode = 0x1a4, Size = bytes.Length },
                    new MemoryStream(bytes));
            }

            writer.Finish();
        }

        return output.ToArray();
    }

    /// <summary>Stores <paramref name="tar"/> gzip-compressed as a layer.</summary>
    public async Task<TestLayer> AddLayerAsync(byte[] tar)
    {
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(tar);
        }

        var descriptor = await Store.Blobs.WriteAsync(compressed.ToArray(), MediaTypes.OciLayerGzip);
        return new TestLayer(descriptor, Digest.Compute(tar), tar.Length);
    }

    /// <summary>Stores an image over <paramref name="layers"/> with <paramref name="history"/> and tags it with each of <paramref name="tags"/>.</summary>
    public async Task<TestImage> AddImageAsync(IReadOnlyList<TestLayer> layers, IReadOnlyList<HistoryEntry> history, DateTimeOffset created, params string[] tags)
    {
        var config = RawDocument.Create(new ImageConfig("amd64", "linux")
        {
            Author = "Kiln Tests <tests@example.com>",
            Created = created,
            History = history,
            RootFs = new RootFs(layers.Select(l => l.DiffId).ToList()),
            Config = new ContainerConfig
            {
                Env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "GREETING=hello <world> & more"],
                Cmd = ["cat", "/srv/greeting.txt"],
                WorkingDir = "/srv",
                User = "65534:65534",
                Labels = new Dictionary<string, string> { ["org.opencontainers.image.title"] = "kiln test" },
            },
        });
        var manifest = await Store.PutImageAsync(config.Bytes, layers.Select(l => l.Descriptor).ToList());
        foreach (var tag in tags)
        {
            await Store.TagAsync(ImageReference.Parse(tag), manifest.ToDescriptor());
        }

        return new TestImage(config.Digest, manifest.Digest, config.Size, manifest.Size, layers);
    }

    /// <summary>A one-layer image like a pulled base image (ADD rootfs, then CMD).</summary>
    public async Task<TestImage> AddBaseImageAsync(DateTimeOffset created, string content, params string[] tags)
    {
        var layer = await AddLayerAsync(Tar(("bin/busybox", content)));
        return await AddImageAsync(
            [layer],
            [
                new HistoryEntry { Created = created, CreatedBy = "/bin/sh -c #(nop) ADD file:5b1e63a3cb041772 in / " },
                new HistoryEntry { Created = created, CreatedBy = "/bin/sh -c #(nop)  CMD [\"sh\"]", EmptyLayer = true },
            ],
            created,
            tags);
    }

    public void Dispose() => _directory.Dispose();
}
