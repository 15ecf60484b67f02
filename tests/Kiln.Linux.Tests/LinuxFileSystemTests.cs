using Kiln.Linux.Errors;
using Kiln.Testing;

namespace Kiln.Linux.Tests;

/// <summary>Real syscalls on files in a temp directory (the suite runs as root).</summary>
public sealed class LinuxFileSystemTests : IDisposable
{
    private readonly TempDirectory _temp = new("kiln-linux");
    private readonly LinuxFileSystem _fs = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void LStat_describes_a_regular_file()
    {
        var path = _temp.WriteFile("f.txt", "hello");
        _fs.LChown(path, 1234, 5678);
        _fs.Chmod(path, 0b100_111_101_101); // 04755, after chown which clears setuid
        _fs.SetTimes(path, new UnixTimestamp(1_700_000_000, 123_456_789));

        var st = _fs.LStat(path);

        Assert.Equal(FileKind.Regular, st.Kind);
        Assert.Equal(0b100_111_101_101, st.Mode);
        Assert.Equal(1234u, st.Uid);
        Assert.Equal(5678u, st.Gid);
        Assert.Equal(5, st.Size);
        Assert.Equal(new UnixTimestamp(1_700_000_000, 123_456_789), st.ModificationTime);
        Assert.Equal(1u, st.LinkCount);
        Assert.NotEqual(0ul, st.Identity.Inode);
    }

    [Fact]
    public void TryOpenRegularFile_reads_status_xattrs_and_bytes_from_one_descriptor()
    {
        var path = _temp.WriteFile("f.bin", "0123456789");
        _fs.SetXattr(path, "user.note", [0, 255, 7]);
        _fs.SetTimes(path, new UnixTimestamp(1_600_000_000, 5));

        using var file = _fs.TryOpenRegularFile(path);

        Assert.NotNull(file);
        Assert.Equal(_fs.LStat(path), file.Status);
        Assert.Equal(new byte[] { 0, 255, 7 }, file.GetXattrs()["user.note"]);
        var buffer = new byte[4];
        Assert.Equal(4, file.Read(buffer));
        Assert.Equal("0123"u8.ToArray(), buffer);
        using var rest = new MemoryStream();
        file.CopyTo(rest);
        Assert.Equal("456789"u8.ToArray(), rest.ToArray());
        Assert.Equal(0, file.Read(buffer));
    }

    [Fact]
    public void TryOpenRegularFile_is_null_for_anything_but_a_regular_file_and_never_blocks_on_a_fifo()
    {
        _temp.WriteFile("target", "t");
        _fs.CreateSymlink("target", Path.Combine(_temp.Path, "link"));
        _fs.MakeNode(Path.Combine(_temp.Path, "pipe"), FileKind.Fifo, 0b110_100_100);
        Directory.CreateDirectory(Path.Combine(_temp.Path, "dir"));

        foreach (var name in new[] { "link", "pipe", "dir", "missing" })
        {
            Assert.Null(_fs.TryOpenRegularFile(Path.Combine(_temp.Path, name)));
        }
    }

    [Fact]
    public void ReadDirectory_lists_names_with_their_kinds_without_dot_entries()
    {
        _temp.WriteFile("file.txt", "x");
        _temp.WriteFile("sub/inner", "y");
        _fs.CreateSymlink("sub", Path.Combine(_temp.Path, "link-to-dir"));
        _fs.MakeNode(Path.Combine(_temp.Path, "pipe"), FileKind.Fifo, 0b110_100_100);
        _fs.MakeNode(Path.Combine(_temp.Path, "null"), FileKind.CharacterDevice, 0b110_110_110, 1, 3);
        var odd = "caf\u00e9 \U0001F600 " + new string('n', 200);
        _temp.WriteFile(odd, string.Empty);

        var entries = _fs.ReadDirectory(_temp.Path).OrderBy(e => e.Name, StringComparer.Ordinal).ToList();

        // Kinds come from d_type; a file system that answers DT_UNKNOWN gives null, which callers resolve with lstat.
        var kinds = entries.Select(e => (e.Name, e.Kind ?? _fs.LStat(Path.Combine(_temp.Path, e.Name)).Kind)).ToList();
        Assert.Equal(
            new[] { (odd, FileKind.Regular), ("file.txt", FileKind.Regular), ("link-to-dir", FileKind.Symlink), ("null", FileKind.CharacterDevice), ("pipe", FileKind.Fifo), ("sub", FileKind.Directory) }
                .OrderBy(e => e.Item1, StringComparer.Ordinal),
            kinds);
        Assert.Equal(["inner"], _fs.ReadDirectory(Path.Combine(_temp.Path, "sub")).Select(e => e.Name));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4096)]
    [InlineData((3 * 8192) + 17)]
    [InlineData(100_000)]
    public void DirectWriteStream_writes_exactly_the_bytes_given(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        var path = Path.Combine(_temp.Path, "direct.bin");
        using (var stream = new DirectWriteStream(path, chunkSize: 8192))
        {
            // Odd-sized writes: chunks fill across calls, and the tail is not a whole block.
            for (var offset = 0; offset < length; offset += 1000)
            {
                stream.Write(bytes.AsSpan(offset, Math.Min(1000, length - offset)));
            }

            Assert.Equal(length, stream.Length);
            stream.Complete();
        }

        Assert.Equal(bytes, File.ReadAllBytes(path));
        Assert.Throws<LinuxFileExistsException>(() => new DirectWriteStream(path));
    }

    [Fact]
    public void DirectWriteStream_uses_direct_io_on_disk_and_works_on_tmpfs()
    {
        using (var onDisk = new DirectWriteStream(Path.Combine(_temp.Path, "disk.bin")))
        {
            // The suite's temp directory is on the disk's file system (ext4 here), which does direct I/O.
            Assert.True(onDisk.IsDirect);
        }

        var shm = Path.Combine("/dev/shm", "kiln-direct-" + Guid.NewGuid().ToString("N"));
        try
        {
            // tmpfs takes O_DIRECT since Linux 6.6; older kernels refuse it and the stream writes normally.
            using (var tmpfs = new DirectWriteStream(shm, chunkSize: 4096))
            {
                tmpfs.Write(new byte[5000]);
                tmpfs.Complete();
            }

            Assert.Equal(5000, new FileInfo(shm).Length);
        }
        finally
        {
            File.Delete(shm);
        }
    }

    [Fact]
    public void DirectWriteStream_reports_a_failed_chunk_write_and_disposes_cleanly()
    {
        // A 64 KB tmpfs: the chunks are written behind the caller, on the thread pool; the one that hits ENOSPC must
        // surface from a later Write or from Complete, never be lost, and Dispose must not free a buffer in flight.
        var small = Path.Combine(_temp.Path, "small");
        Directory.CreateDirectory(small);
        var mounts = new LinuxMounts();
        mounts.Mount("tmpfs", small, "tmpfs", 0, "size=64k");
        try
        {
            var error = Assert.ThrowsAny<LinuxIOException>(() =>
            {
                using var stream = new DirectWriteStream(Path.Combine(small, "big.bin"), chunkSize: 8192);
                var block = new byte[4096]; // whole chunks, no tail: only a chunk written behind can fail
                for (var i = 0; i < 100; i++)
                {
                    stream.Write(block);
                }

                stream.Complete();
            });
            Assert.Contains("big.bin", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            mounts.Unmount(small);
        }
    }

    [Fact]
    public void ReadDirectory_names_the_directory_when_it_cannot_be_read()
    {
        var missing = Path.Combine(_temp.Path, "missing");
        var error = Assert.Throws<LinuxFileNotFoundException>(() => _fs.ReadDirectory(missing));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Throws<LinuxIOException>(() => _fs.ReadDirectory(_temp.WriteFile("plain", "x")));
    }

    [Fact]
    public void LStat_does_not_follow_symlinks_and_Stat_does()
    {
        var target = _temp.WriteFile("target", "0123456789");
        var link = Path.Combine(_temp.Path, "link");
        _fs.CreateSymlink("target", link);

        Assert.Equal(FileKind.Symlink, _fs.LStat(link).Kind);
        Assert.Equal("target".Length, _fs.LStat(link).Size);
        Assert.Equal(FileKind.Regular, _fs.Stat(link).Kind);
        Assert.Equal("target", _fs.ReadLink(link));
        Assert.Equal(_fs.LStat(target).Identity, _fs.Stat(link).Identity);
    }

    [Fact]
    public void ReadLink_returns_long_targets_whole()
    {
        var target = string.Join('/', Enumerable.Repeat("abcdefghij", 100));
        var link = Path.Combine(_temp.Path, "long");
        _fs.CreateSymlink(target, link);
        Assert.Equal(target, _fs.ReadLink(link));
    }

    [Fact]
    public void SetTimes_sets_nanoseconds_on_a_symlink_itself()
    {
        var target = _temp.WriteFile("t", "x");
        var before = _fs.LStat(target).ModificationTime;
        var link = Path.Combine(_temp.Path, "l");
        _fs.CreateSymlink("t", link);

        _fs.SetTimes(link, new UnixTimestamp(1_000_000_000, 999_999_999));

        Assert.Equal(new UnixTimestamp(1_000_000_000, 999_999_999), _fs.LStat(link).ModificationTime);
        Assert.Equal(before, _fs.LStat(target).ModificationTime);
    }

    [Fact]
    public void Xattrs_round_trip_binary_values_byte_exact()
    {
        var path = _temp.WriteFile("x", "x");
        byte[] binary = [0x01, 0x00, 0x00, 0x02, 0x80, 0x20, 0x00, 0x00, 0xff, 0xfe, 0x00];
        _fs.SetXattr(path, "user.bin", binary);
        _fs.SetXattr(path, "trusted.kiln", "y"u8);
        _fs.SetXattr(path, "user.empty", ReadOnlySpan<byte>.Empty);

        Assert.Equal(["trusted.kiln", "user.bin", "user.empty"], _fs.ListXattrs(path));
        Assert.Equal(binary, _fs.GetXattr(path, "user.bin"));
        Assert.Empty(_fs.GetXattr(path, "user.empty")!);
        Assert.Null(_fs.GetXattr(path, "user.missing"));
        var all = _fs.GetXattrs(path);
        Assert.Equal(binary, all["user.bin"]);
        Assert.True(_fs.RemoveXattr(path, "user.bin"));
        Assert.False(_fs.RemoveXattr(path, "user.bin"));
    }

    [Fact]
    public void Xattr_value_larger_than_a_first_guess_is_read_whole()
    {
        var path = _temp.WriteFile("big", "x");
        var value = Enumerable.Range(0, 3000).Select(i => (byte)(i * 7)).ToArray();
        _fs.SetXattr(path, "user.big", value);
        Assert.Equal(value, _fs.GetXattr(path, "user.big"));
    }

    [Fact]
    public void MakeNode_creates_devices_and_fifos()
    {
        var chr = Path.Combine(_temp.Path, "null");
        var blk = Path.Combine(_temp.Path, "blk");
        var fifo = Path.Combine(_temp.Path, "fifo");
        var wh = Path.Combine(_temp.Path, "wh");

        _fs.MakeNode(chr, FileKind.CharacterDevice, 0b110_110_110, 1, 3);
        _fs.MakeNode(blk, FileKind.BlockDevice, 0b110_000_000, 259, 1_000_000);
        _fs.MakeNode(fifo, FileKind.Fifo, 0b110_100_100);
        _fs.MakeNode(wh, FileKind.CharacterDevice, 0, 0, 0);

        var c = _fs.LStat(chr);
        Assert.Equal((FileKind.CharacterDevice, 1u, 3u), (c.Kind, c.RDevMajor, c.RDevMinor));
        var b = _fs.LStat(blk);
        Assert.Equal((FileKind.BlockDevice, 259u, 1_000_000u), (b.Kind, b.RDevMajor, b.RDevMinor));
        Assert.Equal(FileKind.Fifo, _fs.LStat(fifo).Kind);
        var w = _fs.LStat(wh);
        Assert.Equal((FileKind.CharacterDevice, 0u, 0u), (w.Kind, w.RDevMajor, w.RDevMinor));
    }

    [Fact]
    public void Hardlinks_share_identity_and_count()
    {
        var a = _temp.WriteFile("a", "data");
        var b = Path.Combine(_temp.Path, "b");
        _fs.CreateHardLink(a, b);

        Assert.Equal(_fs.LStat(a).Identity, _fs.LStat(b).Identity);
        Assert.Equal(2u, _fs.LStat(b).LinkCount);
    }

    [Fact]
    public void LChown_changes_the_symlink_not_its_target()
    {
        var target = _temp.WriteFile("t", "x");
        var link = Path.Combine(_temp.Path, "l");
        _fs.CreateSymlink("t", link);

        _fs.LChown(link, 42, 43);

        Assert.Equal((42u, 43u), (_fs.LStat(link).Uid, _fs.LStat(link).Gid));
        Assert.Equal(0u, _fs.LStat(target).Uid);
    }

    [Fact]
    public void RemoveTree_never_follows_symlinks()
    {
        var outside = _temp.WriteFile("outside/keep.txt", "keep");
        var dir = Path.Combine(_temp.Path, "tree");
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        _fs.CreateSymlink(Path.GetDirectoryName(outside)!, Path.Combine(dir, "sub", "escape"));

        Assert.True(_fs.RemoveTree(dir));

        Assert.False(Directory.Exists(dir));
        Assert.True(File.Exists(outside));
        Assert.False(_fs.RemoveTree(dir));
    }

    [Fact]
    public void Errors_are_specific_and_name_the_path()
    {
        var missing = Path.Combine(_temp.Path, "missing");
        var e = Assert.Throws<LinuxFileNotFoundException>(() => _fs.LStat(missing));
        Assert.Equal(missing, e.Path);
        Assert.Equal("statx", e.Operation);
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
        Assert.Null(_fs.TryLStat(missing));

        var existing = _temp.WriteFile("exists", "x");
        var exists = Assert.Throws<LinuxFileExistsException>(() => _fs.CreateSymlink("x", existing));
        Assert.Equal(Errno.EEXIST, exists.Errno);
        Assert.Throws<LinuxFileNotFoundException>(() => _fs.ReadLink(missing));
        Assert.Throws<LinuxFileNotFoundException>(() => _fs.SetXattr(missing, "user.a", "b"u8));
    }

    [Fact]
    public void SyncDirectory_syncs_a_directory_and_reports_one_that_cannot_be_opened()
    {
        Assert.True(_fs.SyncDirectory(_temp.Path));
        Assert.False(_fs.SyncDirectory(Path.Combine(_temp.Path, "missing")));
        var file = _temp.WriteFile("plain.txt", "x");
        Assert.False(_fs.SyncDirectory(file));
    }
}
