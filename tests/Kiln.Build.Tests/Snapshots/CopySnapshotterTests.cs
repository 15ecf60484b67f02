using Kiln.Build.Snapshots;
using Kiln.Linux;
using Kiln.Testing;

namespace Kiln.Build.Tests.Snapshots;

/// <summary>
/// The copy snapshotter and tree-walk differ on their own (issue #5, no overlay involved): layers in overlay format merge
/// as overlayfs shows them (whiteouts, opaque directories, replaced entries, hard links, metadata), and a step's diff
/// holds exactly what changed, decided by content; the same steps through overlayfs give the same final tree.
/// </summary>
public sealed class CopySnapshotterTests
{
    private readonly LinuxFileSystem _fs = new();

    [Fact]
    public void LayersMergeAsOverlayShowsThem()
    {
        using var dir = new TempDirectory("kiln-copy-merge");
        var layers = MakeLayers(dir);
        using var workspace = BuildWorkspace.Create(Path.Combine(dir.Path, "build"), new LinuxMounts());
        using var active = new CopySnapshotter(workspace).Prepare(layers);
        var tree = Describe(active.MountPath);

        Assert.Equal(
            [
                "/a file 644 0:0 two", "/d dir 755 0:0", "/d/x file 600 1000:1000 x", "/h1 file 644 0:0 linked", "/h2 file 644 0:0 linked",
                "/o dir 700 0:0", "/o/new file 644 0:0 new", "/s link -> a",
            ],
            tree);
        Assert.Equal(_fs.LStat(Path.Combine(active.MountPath, "h1")).Identity, _fs.LStat(Path.Combine(active.MountPath, "h2")).Identity);
        Assert.Equal(UnixTimestamp.FromSeconds(1_000_000), _fs.LStat(Path.Combine(active.MountPath, "d")).ModificationTime);

        // The layers themselves are never written through the copy.
        File.WriteAllText(Path.Combine(active.MountPath, "h1"), "changed");
        Assert.Equal("linked", File.ReadAllText(Path.Combine(layers[0], "h1")));
    }

    [Fact]
    public void DiffHoldsExactlyTheChangesAndMatchesOverlay()
    {
        using var dir = new TempDirectory("kiln-copy-diff");
        var layers = MakeLayers(dir);
        using var workspace = BuildWorkspace.Create(Path.Combine(dir.Path, "build"), new LinuxMounts());
        var copy = new CopySnapshotter(workspace);
        var overlay = new OverlaySnapshotter(workspace, new LinuxMounts());

        string RunStep(ISnapshotter snapshotter)
        {
            using var active = snapshotter.Prepare(layers);
            var root = active.MountPath;
            File.WriteAllText(Path.Combine(root, "n"), "new file");
            File.WriteAllText(Path.Combine(root, "a"), "TWO"); // same size, other bytes
            _fs.Chmod(Path.Combine(root, "d", "x"), 0b110_100_000);
            File.Delete(Path.Combine(root, "s"));
            Directory.Delete(Path.Combine(root, "o"), recursive: true);
            Directory.CreateDirectory(Path.Combine(root, "d", "sub"));
            File.WriteAllText(Path.Combine(root, "d", "sub", "f"), "f");

            // Rewritten with the same bytes and time: not a change.
            var h1 = Path.Combine(root, "h1");
            var time = _fs.LStat(h1).ModificationTime;
            File.WriteAllText(h1, "linked");
            _fs.SetTimes(h1, time);
            active.Seal();
            return active.UpperPath;
        }

        var copyUpper = RunStep(copy);
        Assert.Equal(
            ["/a file 644 0:0 TWO", "/d dir 755 0:0", "/d/sub dir 755 0:0", "/d/sub/f file 644 0:0 f", "/d/x file 640 1000:1000 x", "/n file 644 0:0 new file", "/o whiteout", "/s whiteout"],
            Describe(copyUpper));

        var overlayUpper = RunStep(overlay);
        using var fromCopy = copy.View([.. layers, copyUpper]);
        using var fromOverlay = copy.View([.. layers, overlayUpper]);
        Assert.Equal(Describe(fromOverlay.Path), Describe(fromCopy.Path));
    }

    [Fact]
    public void UntouchedStepHasAnEmptyDiff()
    {
        using var dir = new TempDirectory("kiln-copy-none");
        var layers = MakeLayers(dir);
        using var workspace = BuildWorkspace.Create(Path.Combine(dir.Path, "build"), new LinuxMounts());
        using var active = new CopySnapshotter(workspace).Prepare(layers);
        File.WriteAllText(Path.Combine(active.MountPath, "tmp"), "made and removed");
        File.Delete(Path.Combine(active.MountPath, "tmp"));
        active.Seal();
        Assert.Empty(Directory.EnumerateFileSystemEntries(active.UpperPath));
        Assert.False(Directory.Exists(active.MountPath), "the copied tree goes once the diff is taken");
    }

    // Two layers in overlay format. Bottom: a, d/{x,y}, h1=h2 (hard links), s -> a, gone, o/old. Top: a replaced,
    // gone and d/y whited out, o opaque with o/new.
    private List<string> MakeLayers(TempDirectory dir)
    {
        var bottom = Path.Combine(dir.Path, "l1");
        var top = Path.Combine(dir.Path, "l2");
        Directory.CreateDirectory(Path.Combine(bottom, "d"));
        Directory.CreateDirectory(Path.Combine(bottom, "o"));
        File.WriteAllText(Path.Combine(bottom, "a"), "one");
        File.WriteAllText(Path.Combine(bottom, "d", "x"), "x");
        _fs.LChown(Path.Combine(bottom, "d", "x"), 1000, 1000);
        _fs.Chmod(Path.Combine(bottom, "d", "x"), 0b110_000_000);
        File.WriteAllText(Path.Combine(bottom, "d", "y"), "y");
        File.WriteAllText(Path.Combine(bottom, "h1"), "linked");
        _fs.CreateHardLink(Path.Combine(bottom, "h1"), Path.Combine(bottom, "h2"));
        _fs.CreateSymlink("a", Path.Combine(bottom, "s"));
        File.WriteAllText(Path.Combine(bottom, "gone"), "gone");
        File.WriteAllText(Path.Combine(bottom, "o", "old"), "old");

        Directory.CreateDirectory(Path.Combine(top, "d"));
        Directory.CreateDirectory(Path.Combine(top, "o"));
        File.WriteAllText(Path.Combine(top, "a"), "two");
        _fs.MakeNode(Path.Combine(top, "gone"), FileKind.CharacterDevice, 0);
        _fs.MakeNode(Path.Combine(top, "d", "y"), FileKind.CharacterDevice, 0);
        _fs.SetXattr(Path.Combine(top, "o"), "trusted.overlay.opaque", "y"u8);
        _fs.Chmod(Path.Combine(top, "o"), 0b111_000_000);
        File.WriteAllText(Path.Combine(top, "o", "new"), "new");
        _fs.Chmod(Path.Combine(bottom, "d"), 0b111_101_101);
        _fs.Chmod(Path.Combine(top, "d"), 0b111_101_101);
        _fs.SetTimes(Path.Combine(top, "d"), UnixTimestamp.FromSeconds(1_000_000));
        return [bottom, top];
    }

    /// <summary>Every entry below <paramref name="root"/>: path, kind, mode, owner and content (whiteouts named as such).</summary>
    private List<string> Describe(string root)
    {
        var lines = new List<string>();
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var status = _fs.LStat(path);
            var relative = "/" + Path.GetRelativePath(root, path);
            var owner = $"{Convert.ToString(status.Mode & 0xFFF, 8)} {status.Uid}:{status.Gid}";
            lines.Add(status.Kind switch
            {
                FileKind.Directory => $"{relative} dir {owner}",
                FileKind.Symlink => $"{relative} link -> {_fs.ReadLink(path)}",
                FileKind.CharacterDevice when status.RDevMajor == 0 && status.RDevMinor == 0 => $"{relative} whiteout",
                FileKind.Regular => $"{relative} file {owner} {File.ReadAllText(path)}",
                _ => $"{relative} {status.Kind} {owner}",
            });
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
