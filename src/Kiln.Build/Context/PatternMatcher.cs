namespace Kiln.Build.Context;

/// <summary>
/// An ordered list of ignore patterns (IGN-GLOB, IGN-DOUBLESTAR, IGN-PARENT, IGN-EXCEPTION) with
/// BuildKit's <c>MatchesOrParentMatches</c> semantics: walking the patterns in order, a normal pattern
/// that matches the path or any ancestor directory marks it matched, a <c>!</c> pattern under the same
/// rule marks it not matched; the last applicable pattern wins. Immutable and thread-safe; build it
/// once and reuse it for every path of a walk.
/// </summary>
public sealed class PatternMatcher
{
    private readonly GlobPattern[] patterns;

    private PatternMatcher(GlobPattern[] patterns)
    {
        this.patterns = patterns;
        Patterns = Array.ConvertAll(patterns, p => p.Source);
        HasExceptions = Array.Exists(patterns, p => p.IsException);
    }

    /// <summary>The effective patterns (blank ones dropped), in order.</summary>
    public IReadOnlyList<IgnorePattern> Patterns { get; }

    /// <summary>Number of effective patterns.</summary>
    public int Count => patterns.Length;

    /// <summary>True when at least one <c>!</c> exception is present.</summary>
    public bool HasExceptions { get; }

    /// <summary>
    /// Builds a matcher from raw pattern strings (e.g. <c>COPY --exclude</c> values). Line numbers are
    /// 0; <paramref name="sourceName"/> (e.g. <c>--exclude</c>) names the origin in error messages.
    /// </summary>
    /// <exception cref="IgnorePatternException">A bare <c>!</c> or a malformed pattern.</exception>
    public static PatternMatcher Create(IEnumerable<string> patterns, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        return Create(patterns.Select(p => new IgnorePattern(p, 0, sourceName)));
    }

    /// <summary>Builds a matcher from patterns read from an ignore file (keeps their line numbers).</summary>
    /// <exception cref="IgnorePatternException">A bare <c>!</c> or a malformed pattern.</exception>
    public static PatternMatcher Create(IEnumerable<IgnorePattern> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var compiled = new List<GlobPattern>();
        foreach (var pattern in patterns)
        {
            if (GlobPattern.Create(pattern) is { } glob)
            {
                compiled.Add(glob);
            }
        }

        return new PatternMatcher([.. compiled]);
    }

    /// <summary>True when <paramref name="path"/> (relative, <c>/</c>-separated) is matched, i.e. ignored.</summary>
    /// <exception cref="IgnorePatternException">A pattern that can never be evaluated had to be evaluated.</exception>
    public bool MatchesOrParentMatches(string path) => Match(path).IsMatch;

    /// <summary>Matches one path with no parent information, reporting the deciding pattern.</summary>
    public PatternMatchResult Match(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var matched = false;
        GlobPattern? decidedBy = null;
        List<string>? ancestors = null;
        foreach (var pattern in patterns)
        {
            // A pattern that cannot change the current state is not even evaluated (so a broken
            // pattern only fails when it matters, as in BuildKit).
            if (pattern.IsException != matched)
            {
                continue;
            }

            var match = pattern.Matches(path);
            if (!match)
            {
                ancestors ??= Ancestors(path);
                foreach (var ancestor in ancestors)
                {
                    if (pattern.MatchesUnchecked(ancestor))
                    {
                        match = true;
                        break;
                    }
                }
            }

            if (match)
            {
                matched = !pattern.IsException;
                decidedBy = pattern;
            }
        }

        return new PatternMatchResult(matched, decidedBy?.Source);
    }

    /// <summary>
    /// Incremental form for walkers: matches <paramref name="path"/> given the state of its parent
    /// directory (<c>default</c> = unknown, then ancestors are derived from the path) and returns the
    /// state to pass to its children. Agrees with <see cref="Match(string)"/> on every path.
    /// </summary>
    public PatternMatchResult Match(string path, PatternMatchInfo parent, out PatternMatchInfo info)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bits = new bool[patterns.Length];
        var result = Evaluate(path, parent.Bits, bits);
        info = new PatternMatchInfo(bits);
        return result;
    }

    /// <summary>
    /// For a directory that is currently matched (excluded): could a <c>!</c> exception re-include
    /// something below it? When false, a walker may skip the whole directory (IGN-REINCLUDE-WALK).
    /// </summary>
    public bool CouldReincludeBelow(string directory) => AnyCouldMatchBelow(directory, exceptions: true);

    /// <summary>
    /// For a directory that is currently not matched: could a normal pattern match something below
    /// it? When false, an include filter may skip the whole directory.
    /// </summary>
    public bool CouldMatchBelow(string directory) => AnyCouldMatchBelow(directory, exceptions: false);

    internal PatternMatchResult Evaluate(string path, bool[]? parentBits, Span<bool> bits)
    {
        if (parentBits is not null && parentBits.Length != patterns.Length)
        {
            throw new ArgumentException("The parent match information belongs to a different matcher.", nameof(parentBits));
        }

        List<string>? ancestors = null;
        for (var i = 0; i < patterns.Length; i++)
        {
            var pattern = patterns[i];
            bool match;
            if (parentBits is not null && parentBits[i])
            {
                match = true;
            }
            else if (pattern.IsBroken)
            {
                match = false;
            }
            else
            {
                match = pattern.MatchesUnchecked(path);
                if (!match && parentBits is null)
                {
                    ancestors ??= Ancestors(path);
                    foreach (var ancestor in ancestors)
                    {
                        if (pattern.MatchesUnchecked(ancestor))
                        {
                            match = true;
                            break;
                        }
                    }
                }
            }

            bits[i] = match;
        }

        var matched = false;
        GlobPattern? decidedBy = null;
        for (var i = 0; i < patterns.Length; i++)
        {
            var pattern = patterns[i];
            if (pattern.IsException != matched)
            {
                continue;
            }

            if (pattern.IsBroken)
            {
                throw pattern.MatchError();
            }

            if (bits[i])
            {
                matched = !pattern.IsException;
                decidedBy = pattern;
            }
        }

        return new PatternMatchResult(matched, decidedBy?.Source);
    }

    private bool AnyCouldMatchBelow(string directory, bool exceptions)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string[]? segments = null;
        foreach (var pattern in patterns)
        {
            if (pattern.IsException == exceptions)
            {
                segments ??= directory.Split('/');
                if (pattern.CouldMatchBelow(segments))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // The ancestor directories BuildKit tries for a path: the cleaned parent directory and each of
    // its prefixes ("a", "a/b" for "a/b/c"); none when the parent is ".".
    private static List<string> Ancestors(string path)
    {
        var result = new List<string>();
        var slash = path.LastIndexOf('/');
        var parent = PathCleaner.Clean(slash < 0 ? string.Empty : path[..(slash + 1)]);
        if (parent == ".")
        {
            return result;
        }

        for (var j = 0; j < parent.Length; j++)
        {
            if (parent[j] == '/')
            {
                result.Add(parent[..j]);
            }
        }

        result.Add(parent);
        return result;
    }
}
