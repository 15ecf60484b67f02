using System.Text;
using Kiln.Archives.Tar;
using Kiln.Archives.Tests.Support;
using Kiln.Linux;
using Kiln.Oci;

namespace Kiln.Archives.Tests;

/// <summary>The byte layout of <see cref="PaxTarWriter"/>: ustar when it suffices, deterministic PAX when not.</summary>
public sealed class PaxTarWriterTests
{
    private static TarEntry File(string path, long size = 0) => new()
    {
        Path = path,
        Type = TarEntryType.RegularFile,
        Mode = 0b110_100_100,
        Size = size,
        ModificationTime = UnixTimestamp.FromSeconds(1_600_000_000),
    };

    [Fact]
    public void Short_entry_is_plain_ustar_without_pax_header()
    {
        var tar = TarBytes.Write([(File("hello.txt", 5), "hello"u8.ToArray())]);

        Assert.Equal(512 + 512 + 1024, tar.Length);
        Assert.Equal((byte)'0', tar[156]);
        Assert.Equal("ustar\0" + "00", Encoding.ASCII.GetString(tar, 257, 8));
        Assert.Equal("0000644\0", Encoding.ASCII.GetString(tar, 100, 8));
        Assert.Equal("00000000005\0", Encoding.ASCII.GetString(tar, 124, 12));
        Assert.All(tar.AsSpan(265, 64).ToArray(), b => Assert.Equal(0, b)); // no uname/gname
        Assert.Equal("hello", Encoding.ASCII.GetString(tar, 512, 5));
        Assert.All(tar.AsSpan(517, 512 - 5 + 1024).ToArray(), b => Assert.Equal(0, b));
        AssertChecksum(tar.AsSpan(0, 512));
    }

    [Fact]
    public void Directory_gets_trailing_slash()
    {
        var tar = TarBytes.Write(new TarEntry { Path = "etc", Type = TarEntryType.Directory, Mode = 0b111_101_101 });
        Assert.Equal("etc/\0", Encoding.ASCII.GetString(tar, 0, 5));
        Assert.Equal((byte)'5', tar[156]);
    }

    [Fact]
    public void Long_splittable_path_uses_ustar_prefix_not_pax()
    {
        var path = new string('p', 120) + "/" + new string('n', 90);
        var tar = TarBytes.Write(File(path));

        Assert.Equal((byte)'0', tar[156]);
        Assert.Equal(new string('p', 120), Encoding.ASCII.GetString(tar, 345, 120));
        Assert.Equal(new string('n', 90), Encoding.ASCII.GetString(tar, 0, 90));
        Assert.Equal(path, TarBytes.Read(tar).Single().Entry.Path);
    }

    [Theory]
    [InlineData("unsplittable", "path")]
    [InlineData("nonascii", "path")]
    [InlineData("uid", "uid")]
    [InlineData("subsecond", "mtime")]
    [InlineData("xattr", "SCHILY.xattr.user.a")]
    [InlineData("linkpath", "linkpath")]
    public void Pax_header_only_when_needed_and_with_the_needed_record(string why, string key)
    {
        var entry = why switch
        {
            "unsplittable" => File(new string('a', 101)),
            "nonascii" => File("café"),
            "uid" => File("f") with { Uid = 0x200000 },
            "subsecond" => File("f") with { ModificationTime = new UnixTimestamp(1_600_000_000, 500_000_000) },
            "xattr" => File("f") with { Xattrs = new Dictionary<string, byte[]> { ["user.a"] = [1, 2] } },
            _ => new TarEntry { Path = "l", Type = TarEntryType.Symlink, LinkTarget = new string('t', 101) },
        };

        var tar = TarBytes.Write(entry);

        Assert.Equal((byte)'x', tar[156]);
        var name = Encoding.ASCII.GetString(tar, 0, 100).TrimEnd('\0');
        Assert.StartsWith("PaxHeaders/", name, StringComparison.Ordinal);
        AssertChecksum(tar.AsSpan(0, 512));
        var records = Encoding.UTF8.GetString(tar, 512, 512);
        Assert.Contains($" {key}=", records, StringComparison.Ordinal);
        Assert.Equal(entry.Path, TarBytes.Read(tar).Single().Entry.Path);
    }

    [Fact]
    public void Pax_records_are_sorted_and_lengths_are_self_inclusive()
    {
        var entry = File(new string('z', 150)) with
        {
            Uid = 5_000_000,
            Gid = 6_000_000,
            ModificationTime = new UnixTimestamp(1_600_000_000, 1),
            Xattrs = new Dictionary<string, byte[]> { ["user.b"] = [0xff], ["security.capability"] = [0x80], ["user.a"] = [] },
        };
        var tar = TarBytes.Write(entry);
        var size = Convert.ToInt64(Encoding.ASCII.GetString(tar, 124, 11), 8);
        var data = tar.AsSpan(512, (int)size);

        var keys = new List<string>();
        while (data.Length > 0)
        {
            var space = data.IndexOf((byte)' ');
            var length = int.Parse(Encoding.ASCII.GetString(data[..space]), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal((byte)'\n', data[length - 1]);
            var record = data[(space + 1)..(length - 1)];
            keys.Add(Encoding.UTF8.GetString(record[..record.IndexOf((byte)'=')]));
            data = data[length..];
        }

        Assert.Equal(["SCHILY.xattr.security.capability", "SCHILY.xattr.user.a", "SCHILY.xattr.user.b", "gid", "mtime", "path", "uid"], keys);
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
    }

    [Fact]
    public void Same_entries_give_identical_bytes_and_no_process_id()
    {
        var first = TarBytes.Write(GoldenEntries());
        var second = TarBytes.Write(GoldenEntries());

        Assert.Equal(first, second);
        var text = Encoding.Latin1.GetString(first);
        Assert.DoesNotContain("PaxHeaders." + Environment.ProcessId, text, StringComparison.Ordinal);
        Assert.DoesNotContain("PaxHeaders.", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// Pins the exact bytes of a fixed entry list, so any process (or a later version of the writer) that
    /// changes the output is caught: layer digests must never drift. The archive is also checked by GNU tar.
    /// </summary>
    [Fact]
    public void Golden_archive_digest_is_stable()
    {
        var tar = TarBytes.Write(GoldenEntries());

        using var temp = new Kiln.Testing.TempDirectory("kiln-golden");
        System.IO.File.WriteAllBytes(temp.Path + "/golden.tar", tar);
        var listing = Tools.Run("tar", "-tvv", "--xattrs", "--xattrs-include=*", "-f", temp.Path + "/golden.tar");
        Assert.Contains("x: 4 security.capability", listing, StringComparison.Ordinal);
        Assert.Contains(new string('d', 110) + "/" + new string('f', 110), listing, StringComparison.Ordinal);

        Assert.Equal("sha256:412403d74e1607a26e93d078b0d986452df51993b2b576d7e07b410518235e11", Kiln.Oci.Digest.Compute(tar).ToString());
    }

    [Fact]
    public void Source_date_epoch_clamps_later_mtimes_only()
    {
        var tar = TarBytes.Write(
            [(File("new") with { ModificationTime = new UnixTimestamp(2_000_000_000, 5) }, null),
             (File("old") with { ModificationTime = UnixTimestamp.FromSeconds(100) }, null)],
            new PaxTarWriterOptions { SourceDateEpoch = 1_000_000_000 });

        var entries = TarBytes.Read(tar);
        Assert.Equal(UnixTimestamp.FromSeconds(1_000_000_000), entries[0].Entry.ModificationTime);
        Assert.Equal(UnixTimestamp.FromSeconds(100), entries[1].Entry.ModificationTime);
        Assert.Equal((byte)'0', tar[156]); // clamped to whole seconds: no PAX mtime needed
    }

    [Fact]
    public void Content_shorter_than_declared_size_is_an_error_naming_the_entry()
    {
        using var writer = new PaxTarWriter(new MemoryStream());
        var e = Assert.Throws<TarWriteException>(() => writer.WriteEntry(File("short.bin", 100), new MemoryStream(new byte[10])));
        Assert.Equal("short.bin", e.EntryPath);
        Assert.Contains("10 of 100", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Xattr_name_with_equals_sign_is_rejected()
    {
        using var writer = new PaxTarWriter(new MemoryStream());
        var entry = File("f") with { Xattrs = new Dictionary<string, byte[]> { ["user.a=b"] = [1] } };
        Assert.Throws<TarWriteException>(() => writer.WriteEntry(entry));
    }

    [Fact]
    public void Huge_size_uses_pax_size_record()
    {
        // A stream that yields 9 GiB of zeros without storing them; the output is discarded after hashing.
        const long size = (9L << 30) + 3;
        using var sink = new Kiln.Oci.DigestingStream(Stream.Null);
        using (var writer = new PaxTarWriter(sink, leaveOpen: true))
        {
            writer.WriteEntry(File("huge") with { Size = size }, new ZeroStream(size));
        }

        Assert.Equal(512 + 512 + 512 + ((size + 511) / 512 * 512) + 1024, sink.BytesProcessed);
    }

    internal static IEnumerable<(TarEntry, byte[]?)> GoldenEntries()
    {
        var t = new UnixTimestamp(1_700_000_000, 0);
        yield return (new TarEntry { Path = "bin", Type = TarEntryType.Directory, Mode = 0b111_101_101, ModificationTime = t }, null);
        yield return (new TarEntry
        {
            Path = "bin/ping",
            Type = TarEntryType.RegularFile,
            Mode = 0b100_111_101_101,
            Size = 11,
            ModificationTime = new UnixTimestamp(1_700_000_000, 123_456_789),
            Xattrs = new Dictionary<string, byte[]> { ["security.capability"] = [0x01, 0x00, 0x00, 0x80] },
        }, "hello world"u8.ToArray());
        yield return (new TarEntry { Path = "bin/ping6", Type = TarEntryType.HardLink, LinkTarget = "bin/ping", ModificationTime = t }, null);
        yield return (new TarEntry { Path = "dev/null", Type = TarEntryType.CharacterDevice, Mode = 0b110_110_110, DeviceMajor = 1, DeviceMinor = 3, ModificationTime = t }, null);
        yield return (new TarEntry { Path = "fifo", Type = TarEntryType.Fifo, Mode = 0b110_100_100, Uid = 3_000_000, Gid = 1000, ModificationTime = t }, null);
        yield return (new TarEntry { Path = new string('d', 110) + "/" + new string('f', 110), Type = TarEntryType.RegularFile, ModificationTime = t }, null);
        yield return (new TarEntry { Path = "lib", Type = TarEntryType.Symlink, LinkTarget = "usr/lib", Mode = 0b111_111_111, ModificationTime = t }, null);
        yield return (new TarEntry { Path = "naïve", Type = TarEntryType.RegularFile, Mode = 0b110_100_100, ModificationTime = t }, null);
    }

    private static void AssertChecksum(ReadOnlySpan<byte> header)
    {
        var stored = Convert.ToInt64(Encoding.ASCII.GetString(header.Slice(148, 6)), 8);
        long sum = 0;
        for (var i = 0; i < 512; i++)
        {
            sum += i is >= 148 and < 156 ? 32 : header[i];
        }

        Assert.Equal(sum, stored);
        Assert.Equal(0, header[154]);
        Assert.Equal((byte)' ', header[155]);
    }

    private sealed class ZeroStream(long size) : ReadOnlyStream
    {
        private long _read;

        public override long Length => size;

        public override long Position => _read;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, size - _read);
            Array.Clear(buffer, offset, n);
            _read += n;
            return n;
        }
    }
}
