using System.Text;
using Kiln.Archives.Tar;
using Kiln.Linux;
using Kiln.Oci;

namespace Kiln.Transports.Tests;

/// <summary>Builds tars, layers and docker-archives in memory for the reader and writer tests.</summary>
internal static class TestArchives
{
    /// <summary>A tar of entries: null content is a directory, "-&gt;target" a symlink.</summary>
    public static byte[] Tar(params (string Path, string? Content)[] entries)
    {
        var buffer = new MemoryStream();
        using (var tar = new PaxTarWriter(buffer, leaveOpen: true))
        {
            foreach (var (path, content) in entries)
            {
                if (content is null)
                {
                    tar.WriteEntry(new TarEntry { Path = path, Type = TarEntryType.Directory, Mode = 0x1ED });
                }
                else if (content.StartsWith("->", StringComparison.Ordinal))
                {
                    tar.WriteEntry(new TarEntry { Path = path, Type = TarEntryType.Symlink, LinkTarget = content[2..], Mode = 0x1FF });
                }
                else
                {
                    var bytes = Encoding.UTF8.GetBytes(content);
                    tar.WriteEntry(new TarEntry { Path = path, Type = TarEntryType.RegularFile, Size = bytes.Length, Mode = 0x1A4, ModificationTime = UnixTimestamp.FromSeconds(1) }, new MemoryStream(bytes));
                }
            }

            tar.Finish();
        }

        return buffer.ToArray();
    }

    /// <summary>A tar of files given as bytes.</summary>
    public static byte[] TarOfBytes(params (string Path, byte[] Content)[] files)
    {
        var buffer = new MemoryStream();
        using (var tar = new PaxTarWriter(buffer, leaveOpen: true))
        {
            foreach (var (path, content) in files)
            {
                tar.WriteEntry(new TarEntry { Path = path, Type = TarEntryType.RegularFile, Size = content.Length, Mode = 0x1A4 }, new MemoryStream(content));
            }

            tar.Finish();
        }

        return buffer.ToArray();
    }

    public static byte[] Config(IEnumerable<Digest> diffIds) => Encoding.UTF8.GetBytes(
        "{\"architecture\":\"amd64\",\"config\":{},\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
        + string.Join(",", diffIds.Select(d => $"\"{d}\"")) + "]}}");

    /// <summary>A Docker 20.10-style archive: &lt;id&gt;/layer.tar per layer, &lt;hex&gt;.json config, manifest.json.</summary>
    public static byte[] DockerArchive(IReadOnlyList<byte[]> layers, string? tag, IReadOnlyList<Digest>? declaredDiffIds = null)
    {
        var diffIds = declaredDiffIds ?? layers.Select(l => Digest.Compute(l)).ToList();
        var config = Config(diffIds);
        var configName = Digest.Compute(config).Encoded + ".json";
        var files = new List<(string, byte[])> { (configName, config) };
        var paths = new List<string>();
        for (var i = 0; i < layers.Count; i++)
        {
            var id = $"{i:x2}" + new string('a', 62);
            files.Add((id + "/layer.tar", layers[i]));
            paths.Add(id + "/layer.tar");
        }

        var tags = tag is null ? "null" : $"[\"{tag}\"]";
        files.Add(("manifest.json", Encoding.UTF8.GetBytes($"[{{\"Config\":\"{configName}\",\"RepoTags\":{tags},\"Layers\":[{string.Join(",", paths.Select(p => $"\"{p}\""))}]}}]")));
        return TarOfBytes([.. files]);
    }
}
