using System.IO.Compression;
using System.Text;
using Kiln.Archives.Tar;
using Kiln.Linux;
using static Kiln.Cli.Tests.Images.ImageInteropTestsSupport;

namespace Kiln.Cli.Tests.Differential;

/// <summary>
/// The archives the ADD cases extract: one small tree (a directory, files with odd modes and owners, a symlink, a hardlink)
/// as a plain tar, and the same compressed with gzip (in-box), bzip2 and xz (the Debian tools).
/// </summary>
internal static class TestArchives
{
    public static byte[] Tar()
    {
        var buffer = new MemoryStream();
        using (var tar = new PaxTarWriter(buffer, leaveOpen: true))
        {
            var time = UnixTimestamp.FromSeconds(1_600_000_000);
            void Write(TarEntry entry, string? content = null)
            {
                var bytes = content is null ? [] : Encoding.UTF8.GetBytes(content);
                tar.WriteEntry(entry with { Size = bytes.Length, ModificationTime = time }, content is null ? null : new MemoryStream(bytes));
            }

            Write(new TarEntry { Path = "pkg/", Type = TarEntryType.Directory, Mode = 0b111_101_000 });
            Write(new TarEntry { Path = "pkg/bin/", Type = TarEntryType.Directory, Mode = 0b111_101_101, Uid = 10, Gid = 20 });
            Write(new TarEntry { Path = "pkg/bin/tool", Type = TarEntryType.RegularFile, Mode = 0b111_101_101, Uid = 1000, Gid = 1000 }, "#!/bin/sh\necho tool\n");
            Write(new TarEntry { Path = "pkg/readme.txt", Type = TarEntryType.RegularFile, Mode = 0b110_000_000 }, "read me\n");
            Write(new TarEntry { Path = "pkg/setuid", Type = TarEntryType.RegularFile, Mode = 0b100_111_101_101 }, "suid\n");
            Write(new TarEntry { Path = "pkg/link", Type = TarEntryType.Symlink, Mode = 0b111_111_111, LinkTarget = "readme.txt" });
            Write(new TarEntry { Path = "pkg/hard", Type = TarEntryType.HardLink, Mode = 0b110_000_000, LinkTarget = "pkg/readme.txt" });
            Write(new TarEntry { Path = "top.txt", Type = TarEntryType.RegularFile, Mode = 0b110_100_100, Uid = 7, Gid = 8 }, "top\n");
            tar.Finish();
        }

        return buffer.ToArray();
    }

    public static byte[] Gzip(byte[] data)
    {
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return buffer.ToArray();
    }

    public static byte[] Bzip2(byte[] data) => Compress("bzip2", data);

    public static byte[] Xz(byte[] data) => Compress("xz", data);

    private static byte[] Compress(string tool, byte[] data)
    {
        var input = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(input, data);
            Ok(Run(tool, ["-k", "-f", input]), tool);
            var output = input + (tool == "xz" ? ".xz" : ".bz2");
            var compressed = File.ReadAllBytes(output);
            File.Delete(output);
            return compressed;
        }
        finally
        {
            File.Delete(input);
        }
    }
}
