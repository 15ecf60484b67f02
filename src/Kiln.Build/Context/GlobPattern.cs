namespace Kiln.Build.Context;

/// <summary>
/// One compiled ignore pattern (IGN-GLOB, IGN-DOUBLESTAR): validated like Go's <c>filepath.Match</c>,
/// then turned into tokens matched by a small NFA (no regular expressions). Matching is anchored at
/// both ends and case-sensitive; <c>\</c> escapes the next character (Unix semantics).
/// </summary>
internal sealed partial class GlobPattern
{
    private readonly GlobToken[] tokens;

    // Token ranges [start, end) of the '/'-separated segments, for "could anything below match".
    private readonly (int Start, int End)[] segments;
    private readonly bool[] segmentHasDoubleStar;

    // True when some class can match '/', so a segment-by-segment analysis would be unsound.
    private readonly bool classMayMatchSlash;

    private GlobPattern(IgnorePattern source, bool isException, string text)
    {
        Source = source;
        IsException = isException;
        Text = text;
        (tokens, MatchType) = Tokenize(text);
        foreach (var token in tokens)
        {
            if (token.Class is { } charClass)
            {
                BrokenRange ??= charClass.ReversedRange;
                classMayMatchSlash |= charClass.Matches('/');
            }
        }

        var bounds = new List<(int, int)>();
        var flags = new List<bool>();
        var start = 0;
        for (var i = 0; i <= tokens.Length; i++)
        {
            if (i < tokens.Length && !(tokens[i].Kind == GlobTokenKind.Literal && tokens[i].Rune == '/'))
            {
                continue;
            }

            bounds.Add((start, i));
            var hasDoubleStar = false;
            for (var k = start; k < i; k++)
            {
                hasDoubleStar |= tokens[k].IsDoubleStar;
            }

            flags.Add(hasDoubleStar);
            start = i + 1;
        }

        segments = [.. bounds];
        segmentHasDoubleStar = [.. flags];
    }

    /// <summary>The pattern as written (with its line and file).</summary>
    public IgnorePattern Source { get; }

    /// <summary>True for <c>!</c> patterns (re-include).</summary>
    public bool IsException { get; }

    /// <summary>The cleaned pattern text without the <c>!</c>.</summary>
    public string Text { get; }

    public GlobMatchType MatchType { get; }

    /// <summary>Non-null when the pattern is syntactically accepted but can never be evaluated (reversed class range).</summary>
    public string? BrokenRange { get; }

    public bool IsBroken => BrokenRange is not null;

    /// <summary>
    /// Builds the pattern from one raw entry: trim, skip empty (returns null), clean, split off <c>!</c>,
    /// check the syntax. Throws <see cref="IgnorePatternException"/> for a bare <c>!</c> or bad syntax.
    /// </summary>
    public static GlobPattern? Create(IgnorePattern source)
    {
        var text = source.Text.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        // Cleaning happens before the '!' is split off, exactly as BuildKit's matcher does.
        text = PathCleaner.Clean(text);
        var isException = false;
        if (text[0] == '!')
        {
            if (text.Length == 1)
            {
                throw new IgnorePatternException(
                    source,
                    "illegal exclusion pattern: \"!\"",
                    "a line with only \"!\" is not allowed: write \"!<pattern>\" to re-include paths, or remove the line");
            }

            isException = true;
            text = text[1..];
        }

        if (FindSyntaxError(text) is { } error)
        {
            throw new IgnorePatternException(
                source,
                "syntax error (" + error + ")",
                "fix the pattern; to match a literal '[', ']', '*', '?' or '\\' escape it with '\\' (e.g. \"\\[\")");
        }

        return new GlobPattern(source, isException, text);
    }

    /// <summary>The error raised when a broken pattern is evaluated.</summary>
    public IgnorePatternException MatchError() => new(
        Source,
        $"invalid character class range '{BrokenRange}' (the first character sorts after the last)",
        "write the range low-to-high (e.g. 'O-l' or 'A-Za-z'), or escape the '-' as '\\-' if it is meant literally");

    /// <summary>Whether this pattern matches <paramref name="path"/> itself. Throws for a broken pattern.</summary>
    public bool Matches(string path)
    {
        if (IsBroken)
        {
            throw MatchError();
        }

        return MatchesUnchecked(path);
    }

    /// <summary>Like <see cref="Matches"/>, but a broken pattern simply does not match.</summary>
    public bool MatchesUnchecked(string path)
    {
        switch (MatchType)
        {
            case GlobMatchType.Exact:
                return string.Equals(path, Text, StringComparison.Ordinal);
            case GlobMatchType.Prefix:
                return path.AsSpan().StartsWith(Text.AsSpan(0, Text.Length - 2), StringComparison.Ordinal);
            case GlobMatchType.Suffix:
                var suffix = Text.AsSpan(2);
                if (path.AsSpan().EndsWith(suffix, StringComparison.Ordinal))
                {
                    return true;
                }

                return suffix.Length > 0 && suffix[0] == '/' && path.AsSpan().SequenceEqual(suffix[1..]);
            default:
                return !IsBroken && Nfa(0, tokens.Length, path.AsSpan());
        }
    }

    /// <summary>
    /// Whether this pattern could match some path strictly below <paramref name="directorySegments"/>
    /// that it does not already match through the directory or one of its ancestors. Conservative:
    /// may answer true when nothing can match, never false when something can.
    /// </summary>
    public bool CouldMatchBelow(string[] directorySegments)
    {
        if (IsBroken || MatchType == GlobMatchType.Suffix || classMayMatchSlash)
        {
            return true;
        }

        for (var k = 0; k < directorySegments.Length; k++)
        {
            if (k >= segments.Length)
            {
                return false;
            }

            if (segmentHasDoubleStar[k])
            {
                return true;
            }

            var (start, end) = segments[k];
            if (!Nfa(start, end, directorySegments[k].AsSpan()))
            {
                return false;
            }
        }

        return segments.Length > directorySegments.Length;
    }

    public override string ToString() => Source.Text;
}
