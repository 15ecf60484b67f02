using Kiln.Build.Context;
using Kiln.Build.Context.Hashing;
using Kiln.Linux;

namespace Kiln.Build.Operations.Files;

/// <summary>
/// Resolves a COPY source against a root that is not the build context, e.g. another stage's filesystem
/// for <c>COPY --from</c> (DF-COPY-FROM, DF-COPY-WILDCARD, DF-COPY-PARENTS, DF-COPY-SRC-NORMALIZE). The
/// source is cleaned as BuildKit cleans it (leading <c>/</c> and <c>../</c> cannot leave the root);
/// wildcards match per segment like Go's <c>filepath.Match</c> after the literal directory prefix, which is
/// resolved through symlinks inside the root; the walk itself never enters symlinked directories; a
/// matched directory stands for its whole content. With <c>--parents</c>, <c>/./</c> marks the pivot (the
/// part before it is not recreated) and a <c>**</c> segment matches any depth. An empty wildcard match
/// is not an error; a literal path that does not exist is.
/// </summary>
public static class SourceMatcher
{
    private static readonly LinuxFileSystem FileSystem = new();

    /// <summary>The entries <paramref name="source"/> names inside <paramref name="root"/>, in walk order.</summary>
    /// <param name="root">The host directory the source is relative to.</param>
    /// <param name="source">The source as written (after variable expansion).</param>
    /// <param name="parents">True for <c>COPY --parents</c>.</param>
    /// <exception cref="FileOperationException">A literal source is missing, or a pattern is malformed.</exception>
    public static IReadOnlyList<CopySourceItem> Match(string root, string source, bool parents)
    {
        ArgumentNullException.ThrowIfNull(source);
        var hostRoot = RootedPath.NormalizeRoot(root);
        return parents ? MatchWithParents(root, hostRoot, source) : MatchPlain(root, hostRoot, source);
    }

    private static List<CopySourceItem> MatchPlain(string root, string hostRoot, string source)
    {
        var clean = RootedPath.Clean(source);
        var relative = clean[1..];
        if (!SourcePattern.HasWildcards(relative))
        {
            if (FileSystem.TryLStat(RootedPath.Resolve(hostRoot, clean, followFinalSymlink: true)) is null)
            {
                throw NotFound(clean);
            }

            return [new CopySourceItem(root, relative)];
        }

        // Only the segments from the first one with a wildcard are a pattern; the literal prefix is
        // resolved like a path (through symlinks), as BuildKit's ResolveWildcards does.
        var segments = relative.Split('/');
        var first = Array.FindIndex(segments, SourcePattern.HasWildcards);
        var patterns = segments[first..].Select(segment => Compile(source, segment, parents: false)).ToArray();
        var baseRelative = RootedPath.ResolveRelative(hostRoot, "/" + string.Join('/', segments[..first]), followFinalSymlink: true);
        var matches = new List<CopySourceItem>();
        if (FileSystem.TryLStat(RootedPath.Join(hostRoot, baseRelative)) is { Kind: FileKind.Directory })
        {
            MatchSegments(root, hostRoot, baseRelative, patterns, 0, matches);
        }

        return matches;
    }

    private static void MatchSegments(string root, string hostRoot, string directory, SourcePattern[] patterns, int depth, List<CopySourceItem> matches)
    {
        foreach (var name in SortedNames(RootedPath.Join(hostRoot, directory)))
        {
            if (!patterns[depth].IsMatch(name))
            {
                continue;
            }

            var relative = directory.Length == 0 ? name : directory + "/" + name;
            if (depth == patterns.Length - 1)
            {
                matches.Add(new CopySourceItem(root, relative, IsFromWildcard: true));
            }
            else if (FileSystem.TryLStat(RootedPath.Join(hostRoot, relative)) is { Kind: FileKind.Directory })
            {
                MatchSegments(root, hostRoot, relative, patterns, depth + 1, matches);
            }
        }
    }

    // BuildKit copies the pivot (or "/") with the rest as an include pattern; literal paths must exist.
    private static List<CopySourceItem> MatchWithParents(string root, string hostRoot, string source)
    {
        var pivot = "/";
        var pattern = source;
        var at = source.IndexOf("/./", StringComparison.Ordinal);
        if (at >= 0)
        {
            pivot = source[..at];
            pattern = source[(at + 3)..];
        }

        var pivotRelative = RootedPath.ResolveRelative(hostRoot, RootedPath.Clean(pivot), followFinalSymlink: true);
        var patternRelative = RootedPath.Clean(pattern)[1..];
        if (patternRelative.Length == 0)
        {
            return [];
        }

        var relative = pivotRelative.Length == 0 ? patternRelative : pivotRelative + "/" + patternRelative;
        if (!SourcePattern.HasWildcards(RootedPath.Clean(pivot)) && !SourcePattern.HasWildcards(patternRelative))
        {
            if (FileSystem.TryLStat(RootedPath.Resolve(hostRoot, relative, followFinalSymlink: false)) is null)
            {
                var display = RootedPath.Clean(pivot) == "/" ? "/" + patternRelative : RootedPath.Clean(pivot) + "/" + patternRelative;
                throw NotFound(display);
            }

            return [new CopySourceItem(root, relative, false, patternRelative)];
        }

        var compiled = Compile(source, patternRelative, parents: true);
        var matches = new List<CopySourceItem>();
        var pivotHost = RootedPath.Join(hostRoot, pivotRelative);
        if (FileSystem.TryLStat(pivotHost) is { Kind: FileKind.Directory })
        {
            var maxDepth = patternRelative.Split('/').Contains("**") ? int.MaxValue : patternRelative.Split('/').Length;
            WalkForParents(root, pivotHost, pivotRelative, string.Empty, 1, maxDepth, compiled, matches);
        }

        return matches;
    }

    private static void WalkForParents(
        string root, string pivotHost, string pivotRelative, string directory, int depth, int maxDepth, SourcePattern pattern, List<CopySourceItem> matches)
    {
        var directoryHost = directory.Length == 0 ? pivotHost : pivotHost + "/" + directory;
        foreach (var name in SortedNames(directoryHost))
        {
            var relative = directory.Length == 0 ? name : directory + "/" + name;
            if (pattern.IsMatch(relative))
            {
                var full = pivotRelative.Length == 0 ? relative : pivotRelative + "/" + relative;
                matches.Add(new CopySourceItem(root, full, IsFromWildcard: true, ParentsPath: relative));
                continue; // a matched directory stands for its content
            }

            if (depth < maxDepth && FileSystem.TryLStat(pivotHost + "/" + relative) is { Kind: FileKind.Directory })
            {
                WalkForParents(root, pivotHost, pivotRelative, relative, depth + 1, maxDepth, pattern, matches);
            }
        }
    }

    private static SourcePattern Compile(string source, string pattern, bool parents) =>
        SourcePattern.Create(pattern, parents, out var error)
        ?? throw new FileOperationException(
            $"COPY source \"{source}\": {error}; escape literal '[', '*', '?' and '\\' with a backslash");

    private static List<string> SortedNames(string directory) =>
        [.. Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).OfType<string>().Order(ByteWiseNameComparer.Instance)];

    private static FileOperationException NotFound(string path) =>
        new($"failed to compute cache key: \"{path}\": not found: no such file or directory in the source filesystem; check the path (COPY --from paths are absolute in that stage)");
}
