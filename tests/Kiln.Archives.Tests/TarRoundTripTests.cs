using Kiln.Archives.Building;
using Kiln.Archives.Extraction;
using Kiln.Archives.Tar;
using Kiln.Archives.Tests.Support;
using Kiln.Linux;
using Kiln.Testing;

namespace Kiln.Archives.Tests;

/// <summary>Our writer against our reader, and against GNU tar in both directions, on real trees (as root).</summary>
public sealed class TarRoundTripTests : IDisposable
{
    private readonly TempDirectory _temp = new("kiln-tar");
    private readonly LinuxFileSystem _fs = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Writer_to_reader_preserves_every_field()
    {
        var entries = PaxTarWriterTests.GoldenEntries().ToList();
        entries.Add((new TarEntry
        {
            Path = string.Join('/', Enumerable.Repeat("ü-segment", 40)),
            Type = TarEntryType.Symlink,
            LinkTarget = string.Join('/', Enumerable.Repeat("link-ü", 40)),
            Uid = 70_000_000,
            Gid = 80_000_000,
            ModificationTime = new UnixTimestamp(-5, 250_000_000),
            Xattrs = new Dictionary<string, byte[]> { ["user.x"] = [0, 0xff, (byte)'\n', (byte)'='], ["trusted.empty"] = [] },
        }, null));
        entries.Add((new TarEntry { Path = "blk", Type = TarEntryType.BlockDevice, DeviceMajor = 0x300000, DeviceMinor = 0x7fffff }, null));

        var read = TarBytes.Read(TarBytes.Write(entries));

        Assert.Equal(entries.Count, read.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var (expected, content) = entries[i];
            var (actual, actualContent) = read[i];
            Assert.Equal(expected with { Xattrs = actual.Xattrs }, actual);
            Assert.Equal(expected.Xattrs.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, Convert.ToHexString(p.Value))),
                actual.Xattrs.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, Convert.ToHexString(p.Value))));
            Assert.Equal(content ?? [], actualContent);
        }
    }

    [Fact]
    public void Directory_tree_survives_writer_then_gnu_tar_extraction()
    {
        var source = Path.Combine(_temp.Path, "src");
        SampleTree.Create(source);
        var tarPath = Path.Combine(_temp.Path, "layer.tar");
        WriteTree(source, tarPath);

        var listing = Tools.Run("tar", "-tvv", "--xattrs", "--xattrs-include=*", "-f", tarPath);
        Assert.Contains("x: 20 security.capability", listing, StringComparison.Ordinal);
        Assert.Contains("hard-b link to hard-a", listing, StringComparison.Ordinal);
        Assert.Contains("3000000/70000", listing, StringComparison.Ordinal);

        var target = Path.Combine(_temp.Path, "gnu");
        Directory.CreateDirectory(target);
        Tools.Run("tar", "--xattrs", "--xattrs-include=*", "--same-owner", "-xpf", tarPath, "-C", target);

        Assert.Equal(TreeSnapshot.Capture(source), TreeSnapshot.Capture(target));
        Assert.Equal("cap cap_setuid,cap_net_raw=ep", Tools.Run("getcap", target + "/cap").Replace(target + "/", string.Empty, StringComparison.Ordinal).Trim());
    }

    [Fact]
    public void Directory_tree_survives_writer_then_safe_extractor()
    {
        var source = Path.Combine(_temp.Path, "src");
        SampleTree.Create(source);
        var tarPath = Path.Combine(_temp.Path, "layer.tar");
        WriteTree(source, tarPath);

        var target = Path.Combine(_temp.Path, "ours");
        using (var stream = File.OpenRead(tarPath))
        {
            new SafeExtractor(_fs).Extract(stream, target);
        }

        Assert.Equal(TreeSnapshot.Capture(source), TreeSnapshot.Capture(target));
    }

    [Theory]
    [InlineData("posix")]
    [InlineData("gnu")]
    [InlineData("ustar")]
    public void Gnu_tar_archive_reads_back_exactly(string format)
    {
        var source = Path.Combine(_temp.Path, "src");
        SampleTree.Create(source);
        if (format == "ustar")
        {
            // ustar cannot hold uid 3000000, names over 255 bytes or symlink targets over 100.
            _fs.LChown(source + "/setuid", 0, 0);
            _fs.Chmod(source + "/setuid", 0b100_111_101_101);
            _fs.RemoveTree(source + "/directory-with-a-rather-long-name-0");
            _fs.Unlink(source + "/long-link");
        }

        var tarPath = Path.Combine(_temp.Path, format + ".tar");
        Tools.Run("tar", $"--format={format}", "--xattrs", "--xattrs-include=*", "--sort=name", "-cf", tarPath, "-C", source, ".");

        var entries = new Dictionary<string, (TarEntry Entry, byte[] Content)>();
        foreach (var item in TarBytes.Read(File.OpenRead(tarPath)))
        {
            entries[item.Entry.Path] = item;
        }

        var cap = entries["./cap"].Entry;
        if (format == "posix")
        {
            Assert.Equal(SampleTree.CapabilityValue, cap.Xattrs["security.capability"]);
            Assert.Equal(new byte[] { 0xff, 0x80, 0x00, 0x0a, 0x3d }, cap.Xattrs["user.binary"]);
            Assert.Equal(_fs.LStat(source + "/cap").ModificationTime, cap.ModificationTime);
        }

        if (format != "ustar")
        {
            var deep = entries.Keys.Single(k => k.EndsWith(new string('f', 120), StringComparison.Ordinal));
            Assert.Equal("long", System.Text.Encoding.ASCII.GetString(entries[deep].Content));
            Assert.Equal(_fs.ReadLink(source + "/long-link"), entries["./long-link"].Entry.LinkTarget);
            Assert.Equal(3_000_000, entries["./setuid"].Entry.Uid); // base-256 in gnu format, PAX in posix
        }

        Assert.Equal(TarEntryType.HardLink, entries["./hard-b"].Entry.Type);
        Assert.Equal("./hard-a", entries["./hard-b"].Entry.LinkTarget);
        Assert.Equal(0b100_111_101_101, entries["./setuid"].Entry.Mode);
        Assert.Equal((TarEntryType.CharacterDevice, 1u, 3u), (entries["./null"].Entry.Type, entries["./null"].Entry.DeviceMajor, entries["./null"].Entry.DeviceMinor));
        Assert.Equal(TarEntryType.BlockDevice, entries["./disk"].Entry.Type);
        Assert.Equal(TarEntryType.Fifo, entries["./pipe"].Entry.Type);
        Assert.Equal(TarEntryType.Directory, entries["./empty"].Entry.Type);
        Assert.Equal(0b1_111_111_111, entries["./empty"].Entry.Mode);
        Assert.Equal(File.ReadAllBytes(source + "/big.bin"), entries["./big.bin"].Content);
        Assert.Equal("utf8", System.Text.Encoding.ASCII.GetString(entries["./ünïcødé-名前.txt"].Content));
    }

    [Fact]
    public void Gnu_tar_capability_file_is_byte_exact()
    {
        var source = Path.Combine(_temp.Path, "src");
        Directory.CreateDirectory(source);
        File.Copy("/bin/true", source + "/ping");
        Tools.Run("setcap", "cap_setuid,cap_net_raw+ep", source + "/ping");
        var expected = _fs.GetXattr(source + "/ping", "security.capability")!;
        Assert.Contains((byte)0x80, expected); // the byte .NET's TarReader corrupts

        var tarPath = Path.Combine(_temp.Path, "cap.tar");
        Tools.Run("tar", "--format=posix", "--xattrs", "--xattrs-include=*", "-cf", tarPath, "-C", source, "ping");

        var entry = TarBytes.Read(File.OpenRead(tarPath)).Single().Entry;
        Assert.Equal(expected, entry.Xattrs["security.capability"]);
    }

    [Fact]
    public void Gnu_tar_v7_archive_reads()
    {
        var source = Path.Combine(_temp.Path, "src");
        Directory.CreateDirectory(source + "/dir");
        File.WriteAllText(source + "/dir/file", "v7 content");
        var tarPath = Path.Combine(_temp.Path, "v7.tar");
        Tools.Run("tar", "--format=v7", "-cf", tarPath, "-C", source, "dir");

        var entries = TarBytes.Read(File.OpenRead(tarPath));

        Assert.Equal([("dir", TarEntryType.Directory), ("dir/file", TarEntryType.RegularFile)], entries.Select(e => (e.Entry.Path, e.Entry.Type)));
        Assert.Equal("v7 content", System.Text.Encoding.ASCII.GetString(entries[1].Content));
    }

    [Theory]
    [InlineData("gnu", null)]
    [InlineData("posix", "0.1")]
    [InlineData("posix", "1.0")]
    public void Sparse_archives_are_refused_not_misread(string format, string? sparseVersion)
    {
        var source = Path.Combine(_temp.Path, "src");
        Directory.CreateDirectory(source);
        using (var file = File.Create(source + "/sparse.img"))
        {
            file.SetLength(64L << 20);
            file.Position = 32L << 20;
            file.Write("data in the middle"u8);
        }

        var tarPath = Path.Combine(_temp.Path, "sparse.tar");
        var args = new List<string> { $"--format={format}", "-S" };
        if (sparseVersion is not null)
        {
            args.Add($"--sparse-version={sparseVersion}");
        }

        args.AddRange(["-cf", tarPath, "-C", source, "sparse.img"]);
        Tools.Run("tar", [.. args]);

        var e = Assert.Throws<TarUnsupportedFeatureException>(() => TarBytes.Read(File.OpenRead(tarPath)));
        Assert.Contains("sparse", e.Message, StringComparison.Ordinal);
        Assert.Contains("sparse.img", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_tree_packed_twice_gives_the_same_digest()
    {
        var source = Path.Combine(_temp.Path, "src");
        SampleTree.Create(source);

        var first = DigestOf(source);
        var second = DigestOf(source);

        Assert.Equal(first, second);
        Assert.StartsWith("sha256:", first, StringComparison.Ordinal);
    }

    [Fact]
    public void Copies_of_a_tree_with_different_inodes_give_the_same_digest()
    {
        var a = Path.Combine(_temp.Path, "a");
        SampleTree.Create(a);
        var b = Path.Combine(_temp.Path, "b");
        Directory.CreateDirectory(b);
        Tools.Run("cp", "-a", a + "/.", b);

        Assert.Equal(DigestOf(a), DigestOf(b));
    }

    private string DigestOf(string source)
    {
        using var hash = new Kiln.Oci.DigestingStream(Stream.Null);
        using (var writer = new PaxTarWriter(hash, leaveOpen: true))
        {
            new DirectoryTarBuilder(_fs).Write(source, writer);
        }

        return hash.Digest.ToString();
    }

    private void WriteTree(string source, string tarPath)
    {
        using var file = File.Create(tarPath);
        using var writer = new PaxTarWriter(file);
        new DirectoryTarBuilder(_fs).Write(source, writer);
    }
}
