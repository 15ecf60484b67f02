using System.Text;
using Kiln.Linux;

namespace Kiln.Archives.Tests.Support;

/// <summary>Creates a directory tree exercising every feature of the layer format (needs root).</summary>
internal static class SampleTree
{
    public static readonly byte[] CapabilityValue = Convert.FromHexString("0100000280200000000000000000000000000000");

    public static void Create(string root)
    {
        var fs = new LinuxFileSystem();
        Directory.CreateDirectory(root + "/etc");
        File.WriteAllText(root + "/etc/hostname", "kiln\n");
        var longDir = root + "/" + string.Join('/', Enumerable.Range(0, 6).Select(i => $"directory-with-a-rather-long-name-{i}"));
        Directory.CreateDirectory(longDir);
        File.WriteAllText(longDir + "/" + new string('f', 120), "long");
        File.WriteAllText(root + "/ünïcødé-名前.txt", "utf8");
        var big = new byte[3 * 1024 * 1024 + 17];
        new Random(42).NextBytes(big);
        File.WriteAllBytes(root + "/big.bin", big);

        File.WriteAllText(root + "/setuid", "#!/bin/sh\n");
        fs.LChown(root + "/setuid", 3_000_000, 70_000);
        fs.Chmod(root + "/setuid", 0b100_111_101_101);

        File.WriteAllText(root + "/cap", "cap");
        fs.SetXattr(root + "/cap", "security.capability", CapabilityValue);
        fs.SetXattr(root + "/cap", "user.binary", new byte[] { 0xff, 0x80, 0x00, 0x0a, 0x3d });
        fs.SetXattr(root + "/etc", "user.text", Encoding.UTF8.GetBytes("directory xattr"));

        File.WriteAllText(root + "/hard-a", "shared");
        fs.CreateHardLink(root + "/hard-a", root + "/hard-b");
        fs.CreateSymlink("etc/hostname", root + "/rel-link");
        fs.CreateSymlink("/" + string.Join('/', Enumerable.Repeat("target-segment", 12)), root + "/long-link");
        fs.MakeNode(root + "/null", FileKind.CharacterDevice, 0b110_110_110, 1, 3);
        fs.MakeNode(root + "/disk", FileKind.BlockDevice, 0b110_110_000, 8, 1);
        fs.MakeNode(root + "/pipe", FileKind.Fifo, 0b110_100_100);
        Directory.CreateDirectory(root + "/empty");
        fs.Chmod(root + "/empty", 0b1_111_111_111);

        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
        {
            fs.SetTimes(path, new UnixTimestamp(1_700_000_000 + path.Length, path.Length * 1_000_001 % 1_000_000_000));
        }
    }
}
