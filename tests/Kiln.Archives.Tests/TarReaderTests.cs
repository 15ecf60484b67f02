using System.Text;
using Kiln.Archives.Tar;
using Kiln.Archives.Tests.Support;
using Kiln.Linux;

namespace Kiln.Archives.Tests;

/// <summary>The reader on hand-crafted archives: formats our writer never emits, and hostile or broken input.</summary>
public sealed class TarReaderTests
{
    [Fact]
    public void Global_pax_header_applies_to_later_entries_and_local_overrides_it()
    {
        var tar = new RawTar()
            .Pax('g', "pax_global_header", ("uid", "4242"), ("mtime", "1234.5"))
            .Header("a", '0')
            .Pax('x', "PaxHeaders/b", ("uid", "7"))
            .Header("b", '0')
            .End().ToArray();

        var entries = TarBytes.Read(tar);

        Assert.Equal(4242, entries[0].Entry.Uid);
        Assert.Equal(new UnixTimestamp(1234, 500_000_000), entries[0].Entry.ModificationTime);
        Assert.Equal(7, entries[1].Entry.Uid);
        Assert.Equal(new UnixTimestamp(1234, 500_000_000), entries[1].Entry.ModificationTime);
    }

    [Fact]
    public void Gnu_long_name_and_long_link_records()
    {
        var longName = new string('n', 300);
        var longLink = new string('l', 200);
        var tar = new RawTar()
            .Header("././@LongLink", 'L', longName.Length + 1, magic: "ustar  \0").Data(Encoding.ASCII.GetBytes(longName + "\0"))
            .Header("././@LongLink", 'K', longLink.Length + 1, magic: "ustar  \0").Data(Encoding.ASCII.GetBytes(longLink + "\0"))
            .Header(longName[..100], '2', magic: "ustar  \0", linkName: longLink[..100])
            .End().ToArray();

        var entry = TarBytes.Read(tar).Single().Entry;

        Assert.Equal(longName, entry.Path);
        Assert.Equal(longLink, entry.LinkTarget);
        Assert.Equal(TarEntryType.Symlink, entry.Type);
    }

    [Fact]
    public void Libarchive_xattr_records_are_decoded()
    {
        var tar = new RawTar()
            .Pax('x', "PaxHeaders/f", ("LIBARCHIVE.xattr.user.na%3Dme", Convert.ToBase64String([0xff, 0x00, 0x80]).TrimEnd('=')))
            .Header("f", '0')
            .End().ToArray();

        Assert.Equal(new byte[] { 0xff, 0x00, 0x80 }, TarBytes.Read(tar).Single().Entry.Xattrs["user.na=me"]);
    }

    [Fact]
    public void Base256_numeric_fields_are_read()
    {
        var tar = new RawTar()
            .Header("big-uid", '0', patch: b =>
            {
                Array.Clear(b, 108, 8);
                b[108] = 0x80;
                b[113] = 0x2d; // 0x2dc6c0 = 3,000,000
                b[114] = 0xc6;
                b[115] = 0xc0;
            })
            .End().ToArray();

        Assert.Equal(3_000_000, TarBytes.Read(tar).Single().Entry.Uid);
    }

    [Fact]
    public void Checksum_mismatch_is_rejected()
    {
        var tar = TarBytes.Write([(new TarEntry { Path = "f", Type = TarEntryType.RegularFile, Size = 3 }, "abc"u8.ToArray())]);
        tar[0] = (byte)'g';

        var e = Assert.Throws<TarFormatException>(() => TarBytes.Read(tar));
        Assert.Contains("checksum", e.Message, StringComparison.Ordinal);
        Assert.Equal("g", e.EntryPath);
    }

    [Fact]
    public void Truncated_content_is_an_error_not_a_short_file()
    {
        var tar = TarBytes.Write([(new TarEntry { Path = "f", Type = TarEntryType.RegularFile, Size = 2000 }, new byte[2000])]);

        var e = Assert.Throws<TarFormatException>(() => TarBytes.Read(tar.AsSpan(0, 1500).ToArray()));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        Assert.Equal("f", e.EntryPath);
    }

    [Fact]
    public void Header_claiming_ten_gigabytes_without_data_fails_cleanly()
    {
        var tar = new RawTar().Header("huge", '0', size: 10L << 30).Data(new byte[4096]).ToArray();

        using var reader = new TarReader(new MemoryStream(tar));
        var entry = reader.GetNextEntry()!;
        Assert.Equal(10L << 30, entry.Size);
        var e = Assert.Throws<TarFormatException>(() => reader.Content.CopyTo(Stream.Null));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Skipping_a_ten_gigabyte_claim_also_fails_cleanly()
    {
        var tar = new RawTar().Header("huge", '0', size: 10L << 30).Data(new byte[4096]).ToArray();

        Assert.Throws<TarFormatException>(() => TarBytes.Read(new NonSeekable(tar)));
        Assert.Throws<TarFormatException>(() =>
        {
            using var reader = new TarReader(new MemoryStream(tar));
            reader.GetNextEntry();
            reader.GetNextEntry();
        });
    }

    [Fact]
    public void Missing_end_marker_is_reported()
    {
        var tar = TarBytes.Write(new TarEntry { Path = "f", Type = TarEntryType.RegularFile });
        var e = Assert.Throws<TarFormatException>(() => TarBytes.Read(tar.AsSpan(0, 512).ToArray()));
        Assert.Contains("end-of-archive", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData('S', "sparse")]
    [InlineData('M', "multi-volume")]
    [InlineData('Q', "unsupported entry type 'Q'")]
    public void Unsupported_entry_types_are_named(char type, string expected)
    {
        var tar = new RawTar().Header("odd", type).End().ToArray();
        var e = Assert.Throws<TarUnsupportedFeatureException>(() => TarBytes.Read(tar));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal("odd", e.EntryPath);
    }

    [Fact]
    public void Pax_sparse_keys_are_refused()
    {
        var tar = new RawTar()
            .Pax('x', "PaxHeaders/x", ("GNU.sparse.major", "1"), ("GNU.sparse.name", "disk.img"))
            .Header("GNUSparseFile.0/disk.img", '0')
            .End().ToArray();

        var e = Assert.Throws<TarUnsupportedFeatureException>(() => TarBytes.Read(tar));
        Assert.Equal("disk.img", e.EntryPath);
    }

    [Fact]
    public void Unread_content_is_skipped_on_non_seekable_streams()
    {
        var tar = TarBytes.Write([
            (new TarEntry { Path = "a", Type = TarEntryType.RegularFile, Size = 70_000 }, new byte[70_000]),
            (new TarEntry { Path = "b", Type = TarEntryType.RegularFile, Size = 1 }, [(byte)'b'])]);

        using var reader = new TarReader(new NonSeekable(tar));
        Assert.Equal("a", reader.GetNextEntry()!.Path);
        Assert.Equal(10, reader.Content.Read(new byte[10], 0, 10));
        Assert.Equal("b", reader.GetNextEntry()!.Path);
        Assert.Equal((byte)'b', reader.Content.ReadByte());
        Assert.Null(reader.GetNextEntry());
    }

    [Fact]
    public void Garbage_is_not_a_tar()
    {
        var garbage = Encoding.ASCII.GetBytes(new string('z', 1024));
        Assert.Throws<TarFormatException>(() => TarBytes.Read(garbage));
    }

    private sealed class NonSeekable(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }
}
