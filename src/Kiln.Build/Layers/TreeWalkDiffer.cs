using Kiln.Build.Snapshots;
using Kiln.Linux;

namespace Kiln.Build.Layers;

/// <summary>
/// The diff of a step run in a copied tree (<see cref="CopySnapshotter"/>), written as an overlay upper dir so the rest of
/// the pipeline does not know which snapshotter ran: a path the step added or changed is moved from the tree into the
/// upper dir (a rename: the tree is thrown away after), a path it removed becomes a char 0/0 whiteout, and the
/// directories above them are recreated with the tree's metadata. "Changed" is decided by content, never by times: a
/// path whose inode and ctime are those of the copy was not touched; any other is compared with its source in the layers
/// (kind, mode, owner, xattrs, link target, device numbers, a file's modification time, size and bytes).
/// </summary>
internal sealed class TreeWalkDiffer(LinuxFileSystem fs)
{
    private const string OverlayPrefix = "trusted.overlay.";

    /// <summary>Moves the changes of <paramref name="tree"/> (compared with <paramref name="baseTree"/>) into <paramref name="upper"/>.</summary>
    public void Diff(string tree, BaseTree baseTree, string upper, CancellationToken cancellationToken)
    {
        var created = new List<(string Path, FileStatus Status)>();
        DiffDirectory(tree, baseTree, upper, string.Empty, created, cancellationToken);

        // Directories made in the upper dir take the tree's times once everything below them is in place.
        foreach (var (path, status) in Enumerable.Reverse(created))
        {
            fs.SetTimes(path, status.ModificationTime, status.AccessTime);
        }
    }

    private void DiffDirectory(string tree, BaseTree baseTree, string upper, string relative, List<(string, FileStatus)> created, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in Directory.EnumerateFileSystemEntries(tree + relative).ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = Path.GetFileName(entry);
            names.Add(name);
            var child = relative + "/" + name;
            var status = fs.LStat(entry);
            if (!baseTree.Contains(child))
            {
                Emit(tree, upper, child, created);
                continue;
            }

            if (baseTree.Untouched(child, status))
            {
                if (status.Kind == FileKind.Directory)
                {
                    DiffDirectory(tree, baseTree, upper, child, created, cancellationToken);
                }

                continue;
            }

            var source = baseTree.Source(child);
            var before = fs.LStat(source);
            if (before.Kind != status.Kind)
            {
                Emit(tree, upper, child, created);
                continue;
            }

            if (status.Kind == FileKind.Directory)
            {
                if (!SameMetadata(source, before, entry, status))
                {
                    EnsureDirectory(tree, upper, child, created);
                }

                DiffDirectory(tree, baseTree, upper, child, created, cancellationToken);
                continue;
            }

            if (!SameMetadata(source, before, entry, status) || !SameContent(source, before, entry, status))
            {
                Emit(tree, upper, child, created);
            }
        }

        foreach (var name in baseTree.Children(relative))
        {
            if (!names.Contains(name))
            {
                EnsureDirectory(tree, upper, relative, created);
                fs.MakeNode(upper + relative + "/" + name, FileKind.CharacterDevice, 0, 0, 0);
            }
        }
    }

    // An added or changed path: moved into the upper dir with everything below it.
    private void Emit(string tree, string upper, string relative, List<(string, FileStatus)> created)
    {
        EnsureDirectory(tree, upper, relative[..relative.LastIndexOf('/')], created);
        fs.Rename(tree + relative, upper + relative);
    }

    // The upper dir's copy of a directory of the tree (and of its parents), with the tree's metadata.
    private void EnsureDirectory(string tree, string upper, string relative, List<(string, FileStatus)> created)
    {
        if (relative.Length == 0 || fs.TryLStat(upper + relative) is not null)
        {
            return;
        }

        EnsureDirectory(tree, upper, relative[..relative.LastIndexOf('/')], created);
        var status = fs.LStat(tree + relative);
        fs.MakeDirectory(upper + relative, 0b111_000_000);
        LayerTreeMerger.CopyMetadata(fs, tree + relative, upper + relative, status);
        created.Add((upper + relative, status));
    }

    private bool SameMetadata(string beforePath, FileStatus before, string afterPath, FileStatus after)
    {
        if (before.Mode != after.Mode || before.Uid != after.Uid || before.Gid != after.Gid
            || before.RDevMajor != after.RDevMajor || before.RDevMinor != after.RDevMinor)
        {
            return false;
        }

        // A file's time is part of the layer (overlay copies a touched file up); a directory's changes with its
        // entries, which are compared themselves.
        if (before.Kind != FileKind.Directory && before.ModificationTime != after.ModificationTime)
        {
            return false;
        }

        if (before.Kind == FileKind.Symlink)
        {
            return fs.ReadLink(beforePath) == fs.ReadLink(afterPath);
        }

        var left = fs.GetXattrs(beforePath).Where(x => !x.Key.StartsWith(OverlayPrefix, StringComparison.Ordinal)).ToList();
        var right = fs.GetXattrs(afterPath);
        return left.Count == right.Count(x => !x.Key.StartsWith(OverlayPrefix, StringComparison.Ordinal))
            && left.All(x => right.TryGetValue(x.Key, out var value) && value.AsSpan().SequenceEqual(x.Value));
    }

    private static bool SameContent(string beforePath, FileStatus before, string afterPath, FileStatus after)
    {
        if (before.Kind != FileKind.Regular)
        {
            return true;
        }

        if (before.Size != after.Size)
        {
            return false;
        }

        const int BufferSize = 1 << 16;
        using var left = new FileStream(beforePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        using var right = new FileStream(afterPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        var a = new byte[BufferSize];
        var b = new byte[BufferSize];
        while (true)
        {
            var read = left.ReadAtLeast(a, BufferSize, throwOnEndOfStream: false);
            var other = right.ReadAtLeast(b, BufferSize, throwOnEndOfStream: false);
            if (read != other || !a.AsSpan(0, read).SequenceEqual(b.AsSpan(0, other)))
            {
                return false;
            }

            if (read < BufferSize)
            {
                return true;
            }
        }
    }
}
