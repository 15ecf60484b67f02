using Kiln.Linux;

namespace Kiln.Build.Layers;

/// <summary>
/// Drops directories from an overlay upper dir that only exist there because overlayfs copied them up (a runtime made a
/// mount point inside, which was removed again): a directory with no entries left, not opaque, whose nearest lower copy
/// is a directory with the same mode, owner and xattrs. Such a directory is not a change, and BuildKit's layer for the
/// same RUN does not hold it. Deepest first, so a chain of emptied parents goes too.
/// </summary>
internal static class UnchangedDirectories
{
    private const string OverlayPrefix = "trusted.overlay.";
    private const string OpaqueXattr = "trusted.overlay.opaque";

    /// <param name="upper">The step's upper dir.</param>
    /// <param name="lowers">The layer directories below it, bottom first (overlay format: whiteouts are char 0/0).</param>
    public static void Prune(string upper, IReadOnlyList<string> lowers)
    {
        var fs = new LinuxFileSystem();
        foreach (var entry in fs.ReadDirectory(upper))
        {
            if (IsDirectory(fs, upper, entry))
            {
                PruneBelow(fs, upper, "/" + entry.Name, lowers, belowOpaque: false);
            }
        }
    }

    // Only directories are visited (readdir's d_type tells them apart without a stat per file): a directory that keeps
    // any entry is never a candidate. Returns whether the directory was removed.
    // belowOpaque: an ancestor in the upper dir is opaque (rm -rf then mkdir), so no lower copy shows through: every
    // directory under it is new, even where a lower layer has one with the same name and metadata.
    private static bool PruneBelow(LinuxFileSystem fs, string upper, string relative, IReadOnlyList<string> lowers, bool belowOpaque)
    {
        var host = upper + relative;
        var opaque = fs.GetXattr(host, OpaqueXattr) is not null;
        var entries = fs.ReadDirectory(host);
        var left = entries.Count;
        foreach (var entry in entries)
        {
            if (IsDirectory(fs, host, entry)
                && PruneBelow(fs, upper, relative + "/" + entry.Name, lowers, belowOpaque || opaque))
            {
                left--;
            }
        }

        if (belowOpaque || opaque || left > 0)
        {
            return false;
        }

        var status = fs.LStat(host);
        for (var i = lowers.Count - 1; i >= 0; i--)
        {
            var lower = lowers[i] + relative;
            if (fs.TryLStat(lower) is not { } below)
            {
                if (HidesBelow(fs, lowers[i], relative))
                {
                    return false;
                }

                continue;
            }

            if (below.Kind == FileKind.Directory && below.Mode == status.Mode && below.Uid == status.Uid && below.Gid == status.Gid
                && SameXattrs(fs.GetXattrs(host), fs.GetXattrs(lower)))
            {
                Directory.Delete(host);
                return true;
            }

            return false;
        }

        return false;
    }

    // From d_type; a file system that does not fill it in is asked with statx.
    private static bool IsDirectory(LinuxFileSystem fs, string parent, DirectoryEntry entry) =>
        entry.Kind == FileKind.Directory || (entry.Kind is null && fs.TryLStat(parent + "/" + entry.Name) is { Kind: FileKind.Directory });

    // Whether an ancestor of the path in this lower layer is a whiteout or an opaque directory (deeper layers are hidden).
    private static bool HidesBelow(LinuxFileSystem fs, string layer, string relative)
    {
        for (var slash = relative.IndexOf('/', 1); slash > 0; slash = relative.IndexOf('/', slash + 1))
        {
            var ancestor = layer + relative[..slash];
            switch (fs.TryLStat(ancestor))
            {
                case null:
                    return false;
                case { Kind: FileKind.CharacterDevice }:
                    return true;
                case { Kind: FileKind.Directory } when fs.GetXattr(ancestor, OpaqueXattr) is not null:
                    return true;
            }
        }

        return false;
    }

    private static bool SameXattrs(IReadOnlyDictionary<string, byte[]> a, IReadOnlyDictionary<string, byte[]> b)
    {
        var left = a.Where(x => !x.Key.StartsWith(OverlayPrefix, StringComparison.Ordinal)).ToList();
        var right = b.Where(x => !x.Key.StartsWith(OverlayPrefix, StringComparison.Ordinal)).ToDictionary(x => x.Key, x => x.Value, StringComparer.Ordinal);
        return left.Count == right.Count && left.All(x => right.TryGetValue(x.Key, out var value) && value.AsSpan().SequenceEqual(x.Value));
    }
}
