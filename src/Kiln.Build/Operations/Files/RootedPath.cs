using Kiln.Linux;

namespace Kiln.Build.Operations.Files;

/// <summary>
/// Resolves a path inside a root directory the way the image sees it (DF-COPY-DEST, DF-COPY-SYMLINK), like
/// securejoin / containerd's <c>fs.RootPath</c>: the path is cleaned lexically first (Go <c>path.Clean</c>
/// of <c>"/" + path</c>), then every symlink component is resolved relative to the root: an absolute link
/// target starts again at the root, <c>..</c> never climbs above it. Missing components are kept as they
/// are (joined), so the result may name something that does not exist yet. The result is always inside
/// the root; it can only escape through a rename racing with the walk, which the build never does.
/// </summary>
public static class RootedPath
{
    /// <summary>How many symlinks one resolution may follow before it counts as a loop (containerd continuity uses 255 too).</summary>
    public const int MaxSymlinks = 255;

    private static readonly LinuxFileSystem FileSystem = new();

    /// <summary>The host path of <paramref name="path"/> (absolute in the image, or relative to "/") inside <paramref name="root"/>.</summary>
    /// <param name="root">The host directory that is "/" for <paramref name="path"/>.</param>
    /// <param name="path">The path in the image.</param>
    /// <param name="followFinalSymlink">False to return the last component itself when it is a symlink (lstat semantics).</param>
    /// <exception cref="FileOperationException">More than <see cref="MaxSymlinks"/> symlinks (a loop).</exception>
    public static string Resolve(string root, string path, bool followFinalSymlink)
    {
        var hostRoot = NormalizeRoot(root);
        return Join(hostRoot, ResolveRelative(hostRoot, path, followFinalSymlink));
    }

    /// <summary>The absolute form of <paramref name="root"/> without a trailing separator ("/" stays "/").</summary>
    internal static string NormalizeRoot(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        var full = Path.GetFullPath(root);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }

    /// <summary>Joins a normalized root and a relative, clean path ("" = the root itself).</summary>
    internal static string Join(string root, string relative) =>
        relative.Length == 0 ? root : root == "/" ? "/" + relative : root + "/" + relative;

    /// <summary>
    /// Like <see cref="Resolve"/> but returns the resolved path relative to the (already normalized) root,
    /// without a leading slash: "" for the root, "etc/passwd" otherwise.
    /// </summary>
    internal static string ResolveRelative(string hostRoot, string path, bool followFinalSymlink)
    {
        ArgumentNullException.ThrowIfNull(path);
        var resolved = new List<string>();
        var pending = new Stack<string>();
        PushComponents(pending, Clean(path));
        var links = 0;
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (name.Length == 0 || name == ".")
            {
                continue;
            }

            if (name == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            if (pending.Count == 0 && !followFinalSymlink)
            {
                resolved.Add(name);
                break;
            }

            var candidate = Join(hostRoot, string.Join('/', resolved.Append(name)));
            var status = FileSystem.TryLStat(candidate);
            if (status is null || status.Kind != FileKind.Symlink)
            {
                // A missing component is kept as written: nothing below it exists either, so the
                // remaining components are joined lexically (with ".." still applied).
                resolved.Add(name);
                continue;
            }

            if (++links > MaxSymlinks)
            {
                throw new FileOperationException(
                    $"too many levels of symbolic links resolving \"{Clean(path)}\" (more than {MaxSymlinks}): a symlink loop in the image filesystem; fix or remove the looping symlink");
            }

            var target = FileSystem.ReadLink(candidate);
            if (target.StartsWith('/'))
            {
                resolved.Clear();
            }

            PushComponents(pending, target);
        }

        return string.Join('/', resolved);
    }

    /// <summary>Go's <c>path.Clean("/" + path)</c>: absolute, no "." or "..", no repeated or trailing slash.</summary>
    internal static string Clean(string path)
    {
        var parts = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                continue;
            }

            parts.Add(segment);
        }

        return "/" + string.Join('/', parts);
    }

    private static void PushComponents(Stack<string> pending, string path)
    {
        var segments = path.Split('/');
        for (var i = segments.Length - 1; i >= 0; i--)
        {
            pending.Push(segments[i]);
        }
    }
}
