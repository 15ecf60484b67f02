using Kiln.Dockerfile.Diagnostics;

namespace Kiln.Build.Context.Hashing;

/// <summary>
/// Resolves COPY/ADD sources against the main build context (DF-COPY-SRC-NORMALIZE, DF-COPY-WILDCARD,
/// DF-COPY-PARENTS, DF-COPY-IGNORE): leading <c>/</c> and <c>../</c> are dropped as BuildKit does, wildcards
/// match per segment like Go's <c>filepath.Match</c>, entries hidden by the ignore file are invisible.
/// An empty wildcard match is not an error; a literal source that is not there throws a
/// <see cref="ContextSourceException"/> that says whether the ignore file excludes it (and by which line),
/// whether it tried to leave the context, or that it does not exist.
/// </summary>
public sealed class ContextSourceResolver
{
    private const string NotFoundPrefix = "failed to compute cache key: ";

    private readonly ContextFilter[] ignore;
    private readonly ContextWalker context;

    /// <param name="contextRoot">The build context directory.</param>
    /// <param name="ignore">The ignore-file layer (e.g. <see cref="LocatedIgnoreFile.ToFilter"/>), or null when there is none.</param>
    public ContextSourceResolver(string contextRoot, ContextFilter? ignore = null)
    {
        this.ignore = ignore is null ? [] : [ignore];
        context = new ContextWalker(contextRoot, this.ignore);
    }

    /// <summary>The absolute context directory.</summary>
    public string RootDirectory => context.RootDirectory;

    /// <summary>The context as the build sees it (ignore file applied).</summary>
    public ContextWalker Context => context;

    /// <summary>Resolves one source as written in the Dockerfile (after variable expansion).</summary>
    /// <param name="source">The source path or pattern.</param>
    /// <param name="parents">True for <c>COPY --parents</c>: <c>**</c> matches any depth and <c>/./</c> marks the pivot.</param>
    /// <param name="cancellationToken">Stops a long wildcard walk.</param>
    /// <exception cref="ContextSourceException">A literal source is missing, or a pattern is malformed.</exception>
    public ResolvedContextSource Resolve(string source, bool parents = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var text = source;
        string? pivot = null;
        if (parents && text.IndexOf("/./", StringComparison.Ordinal) is var at and >= 0)
        {
            pivot = PathCleaner.Clean("/" + text[..at]);
            text = text[..at] + "/" + text[(at + 3)..];
        }

        var path = PathCleaner.Clean("/" + text);
        var relative = path.Length == 1 ? string.Empty : path[1..];
        var unrooted = PathCleaner.Clean(text.TrimStart('/'));
        var leftContext = unrooted == ".." || unrooted.StartsWith("../", StringComparison.Ordinal);

        if (!SourcePattern.HasWildcards(relative))
        {
            var entry = context.GetEntry(relative) ?? throw Missing(source, path, relative, leftContext);
            return new ResolvedContextSource(source, path, false, leftContext, [entry], pivot);
        }

        var pattern = SourcePattern.Create(relative, parents, out var error)
            ?? throw new ContextSourceException(
                source,
                path,
                ContextSourceError.InvalidPattern,
                $"COPY source \"{source}\": {error}; escape literal '[', '*', '?' and '\\' with a backslash");
        return new ResolvedContextSource(source, path, true, leftContext, Match(relative, pattern, cancellationToken), pivot);
    }

    private List<ContextEntry> Match(string relative, SourcePattern pattern, CancellationToken cancellationToken)
    {
        // Only the part of the context that the pattern can reach is walked: the pattern itself is an
        // include layer above the ignore layer (a superset of the filepath.Match semantics).
        var filters = new List<ContextFilter>(ignore);
        try
        {
            filters.Add(ContextFilter.Create([relative], null));
        }
        catch (IgnorePatternException)
        {
            // Not expected after validation; an unfiltered walk is still correct, only slower.
        }

        var matches = new List<ContextEntry>();
        string? matchedDirectory = null;
        foreach (var entry in new ContextWalker(context.RootDirectory, filters).Walk(cancellationToken))
        {
            if (matchedDirectory is not null && entry.Path.StartsWith(matchedDirectory, StringComparison.Ordinal))
            {
                continue;
            }

            matchedDirectory = null;
            if (pattern.IsMatch(entry.Path))
            {
                matches.Add(entry);
                if (entry.IsDirectory)
                {
                    // A matched directory stands for its content; nothing below it is a separate match.
                    matchedDirectory = entry.Path + "/";
                }
            }
        }

        return matches;
    }

    private ContextSourceException Missing(string source, string path, string relative, bool leftContext)
    {
        var head = $"{NotFoundPrefix}\"{path}\": not found";
        var onDisk = ExistsOnDisk(relative);
        if (onDisk && context.FindExclusion(relative) is { IsMatch: true } exclusion)
        {
            var file = exclusion.DecidedBy?.SourceFile ?? ".dockerignore";
            return new ContextSourceException(
                source,
                path,
                ContextSourceError.ExcludedByIgnoreFile,
                $"{head}: \"{relative}\" is {exclusion.Describe()}; remove or narrow that line, or re-include it with a later `!{relative}` line in {file}",
                exclusion);
        }

        if (leftContext && !onDisk)
        {
            return new ContextSourceException(
                source,
                path,
                ContextSourceError.OutsideContext,
                $"{head}: \"{source}\" points outside the build context and was read as \"{path}\" inside it; COPY sources are relative to the context; ../ cannot leave it. Move the file into the context, build from a parent directory, or pass it with --build-context");
        }

        var slash = relative.LastIndexOf('/');
        var parent = slash < 0 ? string.Empty : relative[..slash];
        var name = relative[(slash + 1)..];
        var suggestion = Suggestions.DidYouMean(name, VisibleNames(parent));
        return new ContextSourceException(
            source,
            path,
            ContextSourceError.NotFound,
            $"{head}: no such file or directory in the build context {context.RootDirectory}{suggestion}; COPY sources are paths relative to the context directory");
    }

    private bool ExistsOnDisk(string relative)
    {
        var full = Path.Combine(context.RootDirectory, relative);
        return File.Exists(full) || Directory.Exists(full) || new FileInfo(full).LinkTarget is not null;
    }

    private IEnumerable<string> VisibleNames(string parent)
    {
        var directory = Path.Combine(context.RootDirectory, parent);
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var prefix = parent.Length == 0 ? string.Empty : parent + "/";
        return Directory.EnumerateFileSystemEntries(directory)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => context.FindExclusion(prefix + name) is null)
            .ToList();
    }
}
