using Kiln.Archives.Extraction;
using Kiln.Archives.Tar;
using Kiln.Archives.Tests.Support;
using Kiln.Archives.Whiteouts;
using Kiln.Linux;
using Kiln.Testing;

namespace Kiln.Archives.Tests;

/// <summary>Hostile archives stay inside the root; whiteouts; metadata restored.</summary>
public sealed class SafeExtractorTests : IDisposable
{
    private readonly TempDirectory _temp = new("kiln-extract");
    private readonly LinuxFileSystem _fs = new();
    private readonly string _root;
    private readonly string _outside;

    public SafeExtractorTests()
    {
        _root = Path.Combine(_temp.Path, "root");
        _outside = Path.Combine(_temp.Path, "outside");
        Directory.CreateDirectory(_root);
        Directory.CreateDirectory(_outside);
        File.WriteAllText(_outside + "/victim", "original");
    }

    public void Dispose() => _temp.Dispose();

    private static TarEntry Dir(string path) => new() { Path = path, Type = TarEntryType.Directory, Mode = 0b111_101_101 };

    private static TarEntry Link(string path, string target) => new() { Path = path, Type = TarEntryType.Symlink, LinkTarget = target };

    private static TarEntry Hard(string path, string target) => new() { Path = path, Type = TarEntryType.HardLink, LinkTarget = target };

    private static (TarEntry, byte[]?) FileEntry(string path, string content = "pwned") =>
        (new TarEntry { Path = path, Type = TarEntryType.RegularFile, Mode = 0b110_100_100, Size = content.Length }, System.Text.Encoding.ASCII.GetBytes(content));

    private ExtractionResult Extract(IEnumerable<(TarEntry, byte[]?)> entries, SafeExtractorOptions? options = null) =>
        new SafeExtractor(_fs, options).Extract(new MemoryStream(TarBytes.Write(entries)), _root);

    private void AssertOutsideUntouched()
    {
        Assert.Equal(["victim"], Directory.EnumerateFileSystemEntries(_outside).Select(Path.GetFileName));
        Assert.Equal("original", File.ReadAllText(_outside + "/victim"));
        Assert.Equal(["outside", "root"], Directory.EnumerateFileSystemEntries(_temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("a/../../evil")]
    [InlineData("./../outside/victim")]
    [InlineData("a/b/../../../evil")]
    public void Dot_dot_above_the_root_is_rejected(string path)
    {
        var e = Assert.Throws<UnsafeArchiveEntryException>(() => Extract([FileEntry(path)]));
        Assert.Equal(path, e.EntryPath);
        Assert.Contains("'..'", e.Message, StringComparison.Ordinal);
        AssertOutsideUntouched();
    }

    [Fact]
    public void Dot_dot_inside_the_root_is_resolved_lexically()
    {
        Extract([FileEntry("a/b/../c", "ok")]);
        Assert.Equal("ok", File.ReadAllText(_root + "/a/c"));
    }

    [Fact]
    public void Absolute_paths_are_made_relative_to_the_root()
    {
        Extract([FileEntry(_outside + "/victim"), FileEntry("/abs")]);

        Assert.Equal("pwned", File.ReadAllText(_root + _outside + "/victim"));
        Assert.Equal("pwned", File.ReadAllText(_root + "/abs"));
        AssertOutsideUntouched();
    }

    [Fact]
    public void Symlink_to_outside_directory_then_a_file_through_it_stays_inside()
    {
        Extract([(Link("link", _outside), null), FileEntry("link/victim")]);

        Assert.Equal("pwned", File.ReadAllText(_root + _outside + "/victim"));
        Assert.Equal(_outside, _fs.ReadLink(_root + "/link"));
        AssertOutsideUntouched();
    }

    [Fact]
    public void Symlink_to_etc_then_link_slash_file_writes_into_the_roots_etc()
    {
        var name = "kiln-test-" + Guid.NewGuid().ToString("N");
        try
        {
            Extract([(Link("link", "/etc"), null), FileEntry("link/" + name)]);

            Assert.False(File.Exists("/etc/" + name));
            Assert.Equal("pwned", File.ReadAllText(_root + "/etc/" + name));
        }
        finally
        {
            File.Delete("/etc/" + name);
        }
    }

    [Fact]
    public void Relative_symlink_climbing_out_is_clamped_at_the_root()
    {
        var depth = _root.Count(c => c == '/') + 3;
        var up = string.Join('/', Enumerable.Repeat("..", depth));
        Extract([(Link("up", up + _outside), null), FileEntry("up/victim"), (Link("dots", up), null), FileEntry("dots/escape")]);

        Assert.Equal("pwned", File.ReadAllText(_root + _outside + "/victim"));
        Assert.Equal("pwned", File.ReadAllText(_root + "/escape"));
        AssertOutsideUntouched();
    }

    [Fact]
    public void Symlink_swapped_in_mid_archive_does_not_redirect_later_writes()
    {
        Extract([(Dir("a"), null), FileEntry("a/x", "first"), (Link("a", _outside), null), FileEntry("a/victim"), FileEntry("a/y")]);

        Assert.Equal(FileKind.Symlink, _fs.LStat(_root + "/a").Kind);
        Assert.Equal("pwned", File.ReadAllText(_root + _outside + "/y"));
        AssertOutsideUntouched();
    }

    [Fact]
    public void File_entry_replaces_a_planted_symlink_instead_of_writing_through_it()
    {
        Extract([(Link("f", _outside + "/victim"), null), FileEntry("f", "replaced")]);

        Assert.Equal(FileKind.Regular, _fs.LStat(_root + "/f").Kind);
        Assert.Equal("replaced", File.ReadAllText(_root + "/f"));
        AssertOutsideUntouched();
    }

    [Fact]
    public void Hardlink_to_host_etc_passwd_never_links_the_hosts_file()
    {
        var before = _fs.LStat("/etc/passwd").LinkCount;

        var e = Assert.Throws<ArchiveExtractionException>(() => Extract([(Hard("pw", "/etc/passwd"), null)]));
        Assert.Equal("pw", e.EntryPath);
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
        Assert.Throws<UnsafeArchiveEntryException>(() => Extract([(Hard("pw", "../../../../../../etc/passwd"), null)]));

        Assert.Equal(before, _fs.LStat("/etc/passwd").LinkCount);
        Assert.False(File.Exists(_root + "/pw"));
    }

    [Fact]
    public void Hardlink_through_an_escaping_symlink_resolves_inside_the_root()
    {
        Extract([FileEntry(_outside + "/victim", "inner"), (Link("out", _outside), null), (Hard("hl", "out/victim"), null)]);

        Assert.Equal(_fs.LStat(_root + _outside + "/victim").Identity, _fs.LStat(_root + "/hl").Identity);
        Assert.NotEqual(_fs.LStat(_outside + "/victim").Identity, _fs.LStat(_root + "/hl").Identity);
        AssertOutsideUntouched();
    }

    [Fact]
    public void Hardlink_to_a_directory_is_rejected()
    {
        Assert.Throws<UnsafeArchiveEntryException>(() => Extract([(Dir("d"), null), (Hard("h", "d"), null)]));
    }

    [Fact]
    public void Symlink_loop_in_a_parent_is_rejected()
    {
        var e = Assert.Throws<UnsafeArchiveEntryException>(() => Extract([(Link("a", "b"), null), (Link("b", "a"), null), FileEntry("a/x")]));
        Assert.Contains("symlinks", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parent_that_is_a_file_is_a_clear_error()
    {
        var e = Assert.Throws<ArchiveExtractionException>(() => Extract([FileEntry("f"), FileEntry("f/x")]));
        Assert.Equal("f/x", e.EntryPath);
        Assert.Contains("not a directory", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Whiteouts_delete_lower_content_and_keep_this_layers_own()
    {
        // The "lower layer": already in the root.
        Directory.CreateDirectory(_root + "/dir/sub");
        File.WriteAllText(_root + "/gone.txt", "x");
        File.WriteAllText(_root + "/keep.txt", "x");
        File.WriteAllText(_root + "/dir/old", "x");
        File.WriteAllText(_root + "/dir/sub/old2", "x");
        Directory.CreateDirectory(_root + "/dir2/deep");
        File.WriteAllText(_root + "/dir2/deep/x", "x");
        Directory.CreateDirectory(_root + "/dir3");
        File.WriteAllText(_root + "/dir3/old", "x");

        var result = Extract([
            FileEntry(".wh.gone.txt", string.Empty),
            (Dir("dir"), null),
            FileEntry("dir/-early", "mine"), // sorts before the opaque marker
            FileEntry("dir/.wh..wh..opq", string.Empty),
            FileEntry("dir/new", "mine"),
            FileEntry("dir2/.wh.deep", string.Empty),
            FileEntry("dir3/-sub/file", "mine"), // parent dir3 exists below; opaque must keep this but drop 'old'
            FileEntry("dir3/.wh..wh..opq", string.Empty),
            FileEntry("same-layer", "mine"),
            FileEntry(".wh.same-layer", string.Empty),
            FileEntry(".wh.never-existed", string.Empty),
            FileEntry("missing-dir/.wh.x", string.Empty),
        ]);

        Assert.Equal(7, result.WhiteoutsApplied); // every whiteout entry, including those with nothing to hide
        Assert.False(File.Exists(_root + "/gone.txt"));
        Assert.True(File.Exists(_root + "/keep.txt"));
        Assert.Equal(["-early", "new"], Directory.EnumerateFileSystemEntries(_root + "/dir").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root + "/dir2"));
        Assert.Equal(["-sub"], Directory.EnumerateFileSystemEntries(_root + "/dir3").Select(Path.GetFileName));
        Assert.Equal("mine", File.ReadAllText(_root + "/dir3/-sub/file"));
        Assert.Equal("mine", File.ReadAllText(_root + "/same-layer"));
        Assert.False(Directory.Exists(_root + "/missing-dir"));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(_root), p => Path.GetFileName(p).StartsWith(".wh.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(".wh..")]
    [InlineData("a/.wh.")]
    [InlineData("a/.wh...")]
    public void Whiteout_naming_the_directory_itself_or_its_parent_is_rejected(string path)
    {
        Directory.CreateDirectory(_root + "/a");
        Assert.Throws<UnsafeArchiveEntryException>(() => Extract([FileEntry(path, string.Empty)]));
        Assert.True(Directory.Exists(_root + "/a"));
    }

    [Fact]
    public void Whiteout_through_an_escaping_symlink_stays_inside()
    {
        Extract([(Link("out", _outside), null), FileEntry("out/.wh.victim", string.Empty)]);
        AssertOutsideUntouched();
    }

    [Fact]
    public void Overlay_mode_writes_char_devices_and_the_opaque_xattr()
    {
        Extract([FileEntry(".wh.gone", string.Empty), (Dir("d"), null), FileEntry("d/.wh..wh..opq", string.Empty)],
            new SafeExtractorOptions { Whiteouts = WhiteoutHandling.Overlay });

        var device = _fs.LStat(_root + "/gone");
        Assert.Equal((FileKind.CharacterDevice, 0u, 0u), (device.Kind, device.RDevMajor, device.RDevMinor));
        Assert.Equal("y"u8.ToArray(), _fs.GetXattr(_root + "/d", OciWhiteout.OverlayOpaqueXattr));
        Assert.False(File.Exists(_root + "/d/.wh..wh..opq"));
    }

    [Fact]
    public void Keep_mode_extracts_whiteouts_as_files()
    {
        Extract([FileEntry(".wh.gone", string.Empty)], new SafeExtractorOptions { Whiteouts = WhiteoutHandling.Keep });
        Assert.True(File.Exists(_root + "/.wh.gone"));
    }

    [Fact]
    public void Metadata_is_restored_in_the_right_order()
    {
        var cap = SampleTree.CapabilityValue;
        var mtime = new UnixTimestamp(1_500_000_000, 987_654_321);
        Extract([
            (new TarEntry { Path = "d", Type = TarEntryType.Directory, Mode = 0b1_111_111_111, Uid = 5, Gid = 6, ModificationTime = mtime }, null),
            (new TarEntry
            {
                Path = "d/suid",
                Type = TarEntryType.RegularFile,
                Mode = 0b110_111_101_101,
                Uid = 1000,
                Gid = 1000,
                Size = 2,
                ModificationTime = mtime,
                Xattrs = new Dictionary<string, byte[]> { ["security.capability"] = cap },
            }, "ab"u8.ToArray()),
            (new TarEntry { Path = "d/dev", Type = TarEntryType.BlockDevice, Mode = 0b110_000_000, DeviceMajor = 7, DeviceMinor = 300, ModificationTime = mtime }, null),
            (new TarEntry { Path = "d/fifo", Type = TarEntryType.Fifo, Mode = 0b110_010_000, Uid = 9, ModificationTime = mtime }, null),
            (new TarEntry { Path = "d/sym", Type = TarEntryType.Symlink, LinkTarget = "suid", Uid = 11, Gid = 12, ModificationTime = mtime }, null),
        ]);

        var dir = _fs.LStat(_root + "/d");
        Assert.Equal((0b1_111_111_111, 5u, 6u, mtime), (dir.Mode, dir.Uid, dir.Gid, dir.ModificationTime));
        var suid = _fs.LStat(_root + "/d/suid");
        Assert.Equal((0b110_111_101_101, 1000u, 1000u, mtime), (suid.Mode, suid.Uid, suid.Gid, suid.ModificationTime));
        Assert.Equal(cap, _fs.GetXattr(_root + "/d/suid", "security.capability"));
        var dev = _fs.LStat(_root + "/d/dev");
        Assert.Equal((FileKind.BlockDevice, 7u, 300u, 0b110_000_000), (dev.Kind, dev.RDevMajor, dev.RDevMinor, dev.Mode));
        var fifo = _fs.LStat(_root + "/d/fifo");
        Assert.Equal((FileKind.Fifo, 0b110_010_000, 9u), (fifo.Kind, fifo.Mode, fifo.Uid));
        var sym = _fs.LStat(_root + "/d/sym");
        Assert.Equal((11u, 12u, mtime), (sym.Uid, sym.Gid, sym.ModificationTime));
    }
}
