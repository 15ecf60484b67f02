using Kiln.Linux;

namespace Kiln.Build.Snapshots;

/// <summary>
/// Copies a stack of snapshot directories (overlay format, bottom first) into one plain directory, applying each layer
/// as overlayfs would show it: a char 0/0 device deletes the path below, an opaque directory hides everything below
/// it, any other entry replaces what was there. Files are copied (never linked to the layers, which must not change),
/// hard links within a layer stay links, and mode, owner, xattrs (overlay's own excepted) and times are kept. Returns the
/// <see cref="BaseTree"/> the tree-walk differ compares the step's result with.
/// </summary>
internal sealed class LayerTreeMerger(LinuxFileSystem fs)
{
    private const string OverlayPrefix = "trusted.overlay.";
    private const string OpaqueXattr = "trusted.overlay.opaque";

    public BaseTree Merge(IReadOnlyList<string> layers, string target, CancellationToken cancellationToken)
    {
        foreach (var layer in layers)
        {
            var links = new Dictionary<FileIdentity, string>();
            ApplyDirectory(layer, target, string.Empty, links, cancellationToken);
        }

        var tree = new BaseTree(layers);
        FixDirectoryTimes(tree, target, string.Empty);
        Record(tree, target, string.Empty);
        return tree;
    }

    private void ApplyDirectory(string layer, string target, string relative, Dictionary<FileIdentity, string> links, CancellationToken cancellationToken)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(layer + relative))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var child = relative + "/" + Path.GetFileName(entry);
            var source = fs.LStat(entry);
            var destination = target + child;
            var existing = fs.TryLStat(destination);
            if (source.Kind == FileKind.CharacterDevice && source.RDevMajor == 0 && source.RDevMinor == 0)
            {
                if (existing is not null)
                {
                    Remove(destination, existing);
                }

                continue;
            }

            if (source.Kind == FileKind.Directory)
            {
                var opaque = fs.GetXattr(entry, OpaqueXattr) is { Length: > 0 } value && value[0] == (byte)'y';
                if (existing is not null && (existing.Kind != FileKind.Directory || opaque))
                {
                    Remove(destination, existing);
                    existing = null;
                }

                if (existing is null)
                {
                    fs.MakeDirectory(destination, 0b111_000_000);
                }

                CopyMetadata(entry, destination, source);
                ApplyDirectory(layer, target, child, links, cancellationToken);
                continue;
            }

            if (existing is not null)
            {
                Remove(destination, existing);
            }

            if (source.Kind == FileKind.Regular && source.LinkCount > 1 && links.TryGetValue(source.Identity, out var first))
            {
                fs.CreateHardLink(first, destination);
                continue;
            }

            switch (source.Kind)
            {
                case FileKind.Regular:
                    File.Copy(entry, destination);
                    links[source.Identity] = destination;
                    break;
                case FileKind.Symlink:
                    fs.CreateSymlink(fs.ReadLink(entry), destination);
                    break;
                default:
                    fs.MakeNode(destination, source.Kind, source.Mode, source.RDevMajor, source.RDevMinor);
                    break;
            }

            CopyMetadata(entry, destination, source);
        }
    }

    private void Remove(string path, FileStatus status)
    {
        if (status.Kind == FileKind.Directory)
        {
            fs.RemoveTree(path);
        }
        else
        {
            fs.Unlink(path);
        }
    }

    /// <summary>Owner, mode, xattrs and modification time of <paramref name="source"/> onto <paramref name="destination"/>.</summary>
    internal static void CopyMetadata(LinuxFileSystem fs, string source, string destination, FileStatus status)
    {
        fs.LChown(destination, status.Uid, status.Gid);
        if (status.Kind != FileKind.Symlink)
        {
            // After chown, which clears setuid/setgid bits.
            fs.Chmod(destination, status.Mode);
            var wanted = fs.GetXattrs(source).Where(x => !x.Key.StartsWith(OverlayPrefix, StringComparison.Ordinal)).ToDictionary(x => x.Key, x => x.Value, StringComparer.Ordinal);
            foreach (var name in fs.ListXattrs(destination))
            {
                if (!name.StartsWith(OverlayPrefix, StringComparison.Ordinal) && !wanted.ContainsKey(name))
                {
                    fs.RemoveXattr(destination, name);
                }
            }

            foreach (var (name, value) in wanted)
            {
                fs.SetXattr(destination, name, value);
            }
        }

        fs.SetTimes(destination, status.ModificationTime, status.AccessTime);
    }

    private void CopyMetadata(string source, string destination, FileStatus status) => CopyMetadata(fs, source, destination, status);

    // Writing children changed the directories' times: set each to its source's, deepest first.
    private void FixDirectoryTimes(BaseTree tree, string target, string relative)
    {
        foreach (var directory in Directory.EnumerateDirectories(target + relative))
        {
            var child = relative + "/" + Path.GetFileName(directory);
            if (fs.LStat(directory).Kind == FileKind.Directory)
            {
                FixDirectoryTimes(tree, target, child);
            }
        }

        if (relative.Length > 0)
        {
            var source = fs.LStat(tree.Source(relative));
            fs.SetTimes(target + relative, source.ModificationTime, source.AccessTime);
        }
    }

    private void Record(BaseTree tree, string target, string relative)
    {
        var status = fs.LStat(target + (relative.Length == 0 ? "/" : relative));
        tree.Add(relative, status);
        if (status.Kind != FileKind.Directory)
        {
            return;
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(target + relative))
        {
            Record(tree, target, relative + "/" + Path.GetFileName(entry));
        }
    }
}
