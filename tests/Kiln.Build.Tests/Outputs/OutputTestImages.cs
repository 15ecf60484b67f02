using System.IO.Compression;
using System.Text;
using Kiln.Archives.Tar;
using Kiln.Linux;
using Kiln.Oci;
using Kiln.Oci.Images;
using Kiln.Storage;
using Kiln.Storage.Images;

namespace Kiln.Build.Tests.Outputs;

/// <summary>
/// Builds a small two-layer image straight into a real store, as the engine will: layer 1 has files, an owned
/// executable, a hardlink to it (a layer may only link within itself), a symlink and a file that layer 2 deletes with
/// a whiteout; layer 2 replaces a file and adds one. The flattened filesystem is <see cref="ExpectedFiles"/>.
/// </summary>
internal static class OutputTestImages
{
    public static readonly DateTimeOffset Created = new(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);

    /// <summary>The regular files of the final filesystem with their content.</summary>
    public static IReadOnlyDictionary<string, string> ExpectedFiles { get; } = new Dictionary<string, string>
    {
        ["etc/os-release"] = "ID=kiln2\n",
        ["bin/tool"] = "#!/bin/sh\necho tool\n",
        ["bin/tool2"] = "#!/bin/sh\necho tool\n",
        ["data/keep.txt"] = "keep\n",
        ["data/new.txt"] = "new\n",
    };

    public static byte[] Layer1() => Tar(
        Dir("bin"),
        File("bin/tool", "#!/bin/sh\necho tool\n", mode: 0b111_101_101, uid: 1000, gid: 1001),
        new TarEntry { Path = "bin/link", Type = TarEntryType.Symlink, LinkTarget = "tool", Mode = 0b111_111_111 },
        new TarEntry { Path = "bin/tool2", Type = TarEntryType.HardLink, LinkTarget = "bin/tool", Mode = 0b111_101_101, Uid = 1000, Gid = 1001 },
        Dir("data"),
        File("data/keep.txt", "keep\n"),
        File("data/old.txt", "old\n"),
        Dir("etc"),
        File("etc/os-release", "ID=kiln\n"));

    public static byte[] Layer2() => Tar(
        File("data/.wh.old.txt", string.Empty),
        File("data/new.txt", "new\n"),
        File("etc/os-release", "ID=kiln2\n"));

    /// <summary>Stores the two layers (gzip) and an OCI image over them; nothing is tagged.</summary>
    public static async Task<StoredImage> AddAsync(LocalStore store, params byte[][] layers)
    {
        if (layers.Length == 0)
        {
            layers = [Layer1(), Layer2()];
        }

        var descriptors = new List<Descriptor>();
        var diffIds = new List<Digest>();
        foreach (var layer in layers)
        {
            descriptors.Add(await store.Blobs.WriteAsync(Gzip(layer), MediaTypes.OciLayerGzip));
            diffIds.Add(Digest.Compute(layer));
        }

        var config = RawDocument.Create(new ImageConfig("amd64", "linux")
        {
            Created = Created,
            RootFs = new RootFs(diffIds),
            Config = new ContainerConfig { Cmd = ["/bin/tool"] },
        }).Bytes;
        var manifest = await store.PutImageAsync(config, descriptors);
        return await store.GetImageAsync(manifest.Digest.ToString());
    }

    public static TarEntry Dir(string path) => new() { Path = path, Type = TarEntryType.Directory, Mode = 0b111_101_101, ModificationTime = UnixTimestamp.FromSeconds(1_700_000_000) };

    public static (TarEntry Entry, byte[] Content) File(string path, string content, int mode = 0b110_100_100, int uid = 0, int gid = 0)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        return (new TarEntry
        {
            Path = path,
            Type = TarEntryType.RegularFile,
            Mode = mode,
            Uid = uid,
            Gid = gid,
            Size = bytes.Length,
            ModificationTime = UnixTimestamp.FromSeconds(1_700_000_000),
        }, bytes);
    }

    /// <summary>A tar of entries: a TarEntry alone, or (TarEntry, content) for regular files.</summary>
    public static byte[] Tar(params object[] entries)
    {
        var buffer = new MemoryStream();
        using (var tar = new PaxTarWriter(buffer, leaveOpen: true))
        {
            foreach (var item in entries)
            {
                switch (item)
                {
                    case TarEntry entry:
                        tar.WriteEntry(entry);
                        break;
                    case ValueTuple<TarEntry, byte[]> file:
                        tar.WriteEntry(file.Item1, new MemoryStream(file.Item2));
                        break;
                    default:
                        throw new ArgumentException("unexpected entry " + item);
                }
            }

            tar.Finish();
        }

        return buffer.ToArray();
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
}
