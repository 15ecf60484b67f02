using Kiln.Linux;
using Kiln.Linux.Errors;

namespace Kiln.Build.Context;

/// <summary>
/// Walks a real build-context directory through zero or more <see cref="ContextFilter"/> layers
/// (walk-vectors §3; IGN-FILE, IGN-PARENT, IGN-EXCEPTION, IGN-REINCLUDE-WALK): entries come
/// depth-first in pre-order, siblings in byte-wise name order, the root itself not reported.
/// Symlinks are reported as symlinks and never followed. Directories whose subtree cannot produce
/// an entry are not read at all. <c>filters[0]</c> applies to the raw tree, <c>filters[1]</c> to what
/// <c>filters[0]</c> lets through, and so on.
/// </summary>
public sealed class ContextWalker
{
    private readonly LinuxFileSystem fileSystem = new();

    private readonly ContextFilter[] filters;

    /// <param name="rootDirectory">The context directory (a symlink to a directory is accepted for the root only).</param>
    /// <param name="filters">The filter layers, innermost first; null or empty = everything.</param>
    public ContextWalker(string rootDirectory, IEnumerable<ContextFilter>? filters = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootDirectory);
        RootDirectory = Path.GetFullPath(rootDirectory);
        if (!Directory.Exists(RootDirectory))
        {
            throw new DirectoryNotFoundException($"build context directory not found: {RootDirectory}");
        }

        this.filters = filters?.ToArray() ?? [];
        Filters = this.filters;
    }

    /// <summary>The absolute context directory.</summary>
    public string RootDirectory { get; }

    /// <summary>The filter layers, innermost first.</summary>
    public IReadOnlyList<ContextFilter> Filters { get; }

    /// <summary>Every entry that survives the filters, lazily, in walk order.</summary>
    /// <exception cref="IgnorePatternException">A pattern that can never be evaluated had to be evaluated.</exception>
    public IEnumerable<ContextEntry> Walk(CancellationToken cancellationToken = default) => WalkCore(null, cancellationToken);

    /// <summary>
    /// The entry at <paramref name="relativePath"/> as the filtered walk would report it, or null when it
    /// does not exist or is filtered out. A directory that is itself excluded but holds a re-included
    /// descendant exists (the walk reports it), as in the transferred context.
    /// </summary>
    public ContextEntry? GetEntry(string relativePath)
    {
        if (NormalizeRelative(relativePath) is not { } path)
        {
            return null;
        }

        if (path.Length == 0)
        {
            return new WalkItem(string.Empty, 0, ContextEntryKind.Directory, RootDirectory, fileSystem).ToEntry() with { Path = "." };
        }

        foreach (var entry in WalkCore(path, CancellationToken.None))
        {
            if (entry.Path == path)
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="relativePath"/> exists in the filtered context (see <see cref="GetEntry"/>).</summary>
    public bool Exists(string relativePath) => GetEntry(relativePath) is not null;

    /// <summary>
    /// Why <paramref name="relativePath"/> is hidden by an exclude list (e.g. the <c>.dockerignore</c>
    /// layer), for messages such as "excluded by .dockerignore line 3 (`*.log`)"; null when no
    /// layer's exclude list matches it (pattern or ancestor). Does not touch the disk.
    /// </summary>
    public PatternMatchResult? FindExclusion(string relativePath)
    {
        if (NormalizeRelative(relativePath) is not { Length: > 0 } path)
        {
            return null;
        }

        foreach (var filter in filters)
        {
            if (filter.Exclude?.Match(path) is { IsMatch: true } result)
            {
                return result;
            }
        }

        return null;
    }

    /// <summary>Opens a regular file of the filtered context for reading.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist, is filtered out, or is not a regular file.</exception>
    public Stream OpenRead(string relativePath)
    {
        var entry = GetEntry(relativePath);
        if (entry is not { Kind: ContextEntryKind.File })
        {
            throw new FileNotFoundException(
                entry is null
                    ? $"{relativePath}: no such file in the build context (missing, or excluded by the ignore rules)"
                    : $"{relativePath}: not a regular file in the build context",
                relativePath);
        }

        return new FileStream(entry.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
    }

    // focus != null restricts the walk to the ancestors of focus and focus's own subtree; decisions for
    // those entries are identical to a full walk because they depend only on the ancestor chain.
    private IEnumerable<ContextEntry> WalkCore(string? focus, CancellationToken cancellationToken)
    {
        var output = new List<ContextEntry>();
        FilterLayer? head = null;
        for (var i = filters.Length - 1; i >= 0; i--)
        {
            head = new FilterLayer(filters[i], head, output);
        }

        var cursors = new Stack<DirectoryCursor>();
        cursors.Push(new DirectoryCursor(string.Empty, ReadChildren(string.Empty, 0, focus)));
        while (cursors.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var cursor = cursors.Peek();
            if (cursor.Index >= cursor.Children.Length)
            {
                cursors.Pop();
                continue;
            }

            var item = cursor.Children[cursor.Index++];
            string? skip;
            if (head is null)
            {
                output.Add(item.ToEntry());
                skip = null;
            }
            else
            {
                skip = head.Accept(item);
            }

            for (var i = 0; i < output.Count; i++)
            {
                yield return output[i];
            }

            output.Clear();
            if (skip is null)
            {
                if (item.Kind == ContextEntryKind.Directory)
                {
                    cursors.Push(new DirectoryCursor(item.Path, ReadChildren(item.Path, item.Depth, focus)));
                }
            }
            else if (skip != item.Path)
            {
                // An upper layer rejected an ancestor that a lower layer had held back: drop the rest of it.
                while (cursors.Count > 0 && IsSelfOrBelow(cursors.Peek().Path, skip))
                {
                    cursors.Pop();
                }
            }
        }
    }

    private WalkItem[] ReadChildren(string directory, int depth, string? focus)
    {
        string? onlyName = null;
        if (focus is not null && (directory.Length == 0 || focus.StartsWith(directory + "/", StringComparison.Ordinal)))
        {
            var start = directory.Length == 0 ? 0 : directory.Length + 1;
            var end = focus.IndexOf('/', start);
            onlyName = end < 0 ? focus[start..] : focus[start..end];
        }

        var fullDirectory = directory.Length == 0 ? RootDirectory : Path.Combine(RootDirectory, directory);
        var prefix = directory.Length == 0 ? string.Empty : directory + "/";
        List<DirectoryEntry> names;
        try
        {
            names = fileSystem.ReadDirectory(fullDirectory);
        }
        catch (LinuxFileNotFoundException e)
        {
            throw new DirectoryNotFoundException($"{fullDirectory}: the directory disappeared while the build context was read", e);
        }
        catch (LinuxAccessDeniedException e)
        {
            throw new UnauthorizedAccessException($"{fullDirectory}: permission denied reading the build context; make it readable or exclude it in .dockerignore", e);
        }

        var children = new List<WalkItem>(names.Count);
        foreach (var (name, kind) in names)
        {
            if (onlyName is not null && name != onlyName)
            {
                continue;
            }

            var fullPath = Path.Join(fullDirectory, name);
            FileStatus? status = null;
            var fileKind = kind;
            if (fileKind is null)
            {
                // DT_UNKNOWN: this file system does not say; ask statx (and keep the answer for the entry).
                status = fileSystem.TryLStat(fullPath);
                if (status is null)
                {
                    continue;
                }

                fileKind = status.Kind;
            }

            var entryKind = fileKind switch
            {
                FileKind.Directory => ContextEntryKind.Directory,
                FileKind.Symlink => ContextEntryKind.Symlink,
                _ => ContextEntryKind.File,
            };
            children.Add(new WalkItem(prefix + name, depth + 1, entryKind, fullPath, fileSystem, status));
        }

        var array = children.ToArray();
        if (array.Length > 1)
        {
            var paths = Array.ConvertAll(array, c => c.Path);
            Array.Sort(paths, array, ByteWiseNameComparer.Instance);
        }

        return array;
    }

    private static bool IsSelfOrBelow(string path, string directory) =>
        path == directory || (path.Length > directory.Length && path[directory.Length] == '/' && path.StartsWith(directory, StringComparison.Ordinal));

    // Relative, '/'-separated, cleaned; "" for the root; null when it escapes the context.
    private static string? NormalizeRelative(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var cleaned = PathCleaner.Clean(relativePath.TrimStart('/'));
        if (cleaned == ".")
        {
            return string.Empty;
        }

        return cleaned == ".." || cleaned.StartsWith("../", StringComparison.Ordinal) ? null : cleaned;
    }
}
