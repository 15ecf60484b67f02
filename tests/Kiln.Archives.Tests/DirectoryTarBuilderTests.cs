using Kiln.Archives.Building;
using Kiln.Archives.Extraction;
using Kiln.Archives.Tar;
using Kiln.Archives.Tests.Support;
using Kiln.Archives.Whiteouts;
using Kiln.Linux;
using Kiln.Testing;

namespace Kiln.Archives.Tests;

/// <summary>Walk order, hardlinks, and the overlay upper-dir conversion of <see cref="DirectoryTarBuilder"/>.</summary>
public sealed class DirectoryTarBuilderTests : IDisposable
{
    private readonly TempDirectory _temp = new("kiln-builder");
    private readonly LinuxFileSystem _fs = new();

    public void Dispose() => _temp.Dispose();

    private List<(TarEntry Entry, byte[] Content)> Build(string source, DirectoryTarBuilderOptions? options = null)
    {
        var output = new MemoryStream();
        using (var writer = new PaxTarWriter(output, leaveOpen: true))
        {
            new DirectoryTarBuilder(_fs, options).Write(source, writer);
        }

        return TarBytes.Read(output.ToArray());
    }

    [Fact]
    public void Entries_are_depth_first_in_ordinal_byte_order_with_parents_first()
    {
        var src = _temp.Path + "/src";
        foreach (var name in new[] { "b/z", "a-c", "a/b", "B", "é", "a.b" })
        {
            _temp.WriteFile("src/" + name, name);
        }

        var paths = Build(src).Select(e => e.Entry.Path).ToList();

        Assert.Equal(["B", "a", "a/b", "a-c", "a.b", "b", "b/z", "é"], paths);
    }

    [Fact]
    public void Second_path_of_an_inode_becomes_a_hardlink_to_the_first()
    {
        var src = _temp.Path + "/src";
        var first = _temp.WriteFile("src/z-first", "shared");
        _fs.CreateHardLink(first, src + "/a-second");
        Directory.CreateDirectory(src + "/m");
        _fs.CreateHardLink(first, src + "/m/third");

        var entries = Build(src).ToDictionary(e => e.Entry.Path, e => e.Entry);

        Assert.Equal((TarEntryType.RegularFile, 6L), (entries["a-second"].Type, entries["a-second"].Size));
        Assert.Equal((TarEntryType.HardLink, "a-second"), (entries["m/third"].Type, entries["m/third"].LinkTarget));
        Assert.Equal((TarEntryType.HardLink, "a-second"), (entries["z-first"].Type, entries["z-first"].LinkTarget));
    }

    [Fact]
    public void Overlay_upper_directory_becomes_oci_whiteouts_and_back()
    {
        var upper = _temp.Path + "/upper";
        Directory.CreateDirectory(upper + "/opq");
        _fs.MakeNode(upper + "/gone", FileKind.CharacterDevice, 0, 0, 0);
        _fs.SetXattr(upper + "/opq", "trusted.overlay.opaque", "y"u8);
        _fs.SetXattr(upper + "/opq", "trusted.overlay.origin", [1, 2, 3]);
        _fs.SetXattr(upper + "/opq", "user.kept", "v"u8);
        _temp.WriteFile("upper/opq/-a", "a");
        _temp.WriteFile("upper/opq/.profile", "p");
        _temp.WriteFile("upper/opq/z", "z");
        _fs.MakeNode(upper + "/realdev", FileKind.CharacterDevice, 0b110_110_110, 1, 3);

        var entries = Build(upper, new DirectoryTarBuilderOptions { OverlayUpperDirectory = true });

        // The opaque marker precedes its siblings, even those sorting before it ("-a", ".profile"): it applies to lower layers.
        Assert.Equal([".wh.gone", "opq", "opq/.wh..wh..opq", "opq/-a", "opq/.profile", "opq/z", "realdev"], entries.Select(e => e.Entry.Path));
        Assert.Equal(TarEntryType.RegularFile, entries[0].Entry.Type);
        Assert.Equal(["user.kept"], entries[1].Entry.Xattrs.Keys);
        Assert.Equal(TarEntryType.CharacterDevice, entries[6].Entry.Type);

        // And back to overlay form.
        var tar = new MemoryStream();
        using (var writer = new PaxTarWriter(tar, leaveOpen: true))
        {
            new DirectoryTarBuilder(_fs, new DirectoryTarBuilderOptions { OverlayUpperDirectory = true }).Write(upper, writer);
        }

        tar.Position = 0;
        var restored = _temp.Path + "/restored";
        new SafeExtractor(_fs, new SafeExtractorOptions { Whiteouts = WhiteoutHandling.Overlay }).Extract(tar, restored);
        var gone = _fs.LStat(restored + "/gone");
        Assert.Equal((FileKind.CharacterDevice, 0u, 0u), (gone.Kind, gone.RDevMajor, gone.RDevMinor));
        Assert.Equal("y"u8.ToArray(), _fs.GetXattr(restored + "/opq", "trusted.overlay.opaque"));
        Assert.Equal(["-a", ".profile", "z"], Directory.EnumerateFileSystemEntries(restored + "/opq").Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Overlay_bookkeeping_is_reported_per_entry_and_never_archived()
    {
        var upper = _temp.Path + "/upper";
        Directory.CreateDirectory(upper + "/impure/deep");
        _fs.SetXattr(upper + "/impure", "trusted.overlay.impure", "y"u8);
        var copiedUp = _temp.WriteFile("upper/impure/deep/copied-up", "content");
        _fs.SetXattr(copiedUp, "trusted.overlay.origin", [0, 1, 2]);
        _fs.SetXattr(copiedUp, "user.kept", "v"u8);
        Directory.CreateDirectory(upper + "/only-opaque");
        _fs.SetXattr(upper + "/only-opaque", "trusted.overlay.opaque", "y"u8);
        _fs.MakeNode(upper + "/gone", FileKind.CharacterDevice, 0, 0, 0);
        _fs.SetXattr(upper + "/gone", "trusted.overlay.origin", [3]);
        _temp.WriteFile("upper/plain", "p");
        _fs.SetXattr(upper, "trusted.overlay.impure", "y"u8);
        var found = new Dictionary<string, IReadOnlyList<string>>();

        var entries = Build(upper, new DirectoryTarBuilderOptions { OverlayUpperDirectory = true, OverlayBookkeepingFound = found.Add });

        Assert.Equal([upper, upper + "/gone", upper + "/impure", copiedUp], found.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["trusted.overlay.origin"], found[copiedUp]);
        Assert.Equal(["trusted.overlay.impure"], found[upper + "/impure"]);
        Assert.Equal(["trusted.overlay.impure"], found[upper]);
        Assert.DoesNotContain(entries, e => e.Entry.Xattrs.Keys.Any(k => k.StartsWith("trusted.overlay.", StringComparison.Ordinal)));
        Assert.Equal(["user.kept"], entries.Single(e => e.Entry.Path == "impure/deep/copied-up").Entry.Xattrs.Keys);
        Assert.Equal("content"u8.ToArray(), entries.Single(e => e.Entry.Path == "impure/deep/copied-up").Content);
    }

    [Fact]
    public void A_symlink_to_a_regular_file_is_archived_as_the_symlink()
    {
        var src = _temp.Path + "/src";
        _temp.WriteFile("src/target", "target bytes");
        _fs.CreateSymlink("target", src + "/link");

        var entries = Build(src).ToDictionary(e => e.Entry.Path);

        Assert.Equal((TarEntryType.Symlink, "target", 0L), (entries["link"].Entry.Type, entries["link"].Entry.LinkTarget, entries["link"].Entry.Size));
        Assert.Equal("target bytes"u8.ToArray(), entries["target"].Content);
    }

    [Fact]
    public void Without_overlay_mode_devices_stay_devices()
    {
        var src = _temp.Path + "/src";
        Directory.CreateDirectory(src);
        _fs.MakeNode(src + "/wh", FileKind.CharacterDevice, 0, 0, 0);

        var entry = Build(src).Single().Entry;

        Assert.Equal(("wh", TarEntryType.CharacterDevice), (entry.Path, entry.Type));
    }

    [Fact]
    public void Sockets_are_skipped_and_prefix_is_applied()
    {
        var src = _temp.Path + "/src";
        _temp.WriteFile("src/file", "x");
        using (var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified))
        {
            socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(src + "/sock"));
        }

        Assert.Equal(["app/file"], Build(src, new DirectoryTarBuilderOptions { PathPrefix = "/app/" }).Select(e => e.Entry.Path));
    }
}
