namespace Kiln.Build.Context.Hashing;

/// <summary>
/// A COPY/ADD source path matched the way BuildKit's copy matches it (DF-COPY-WILDCARD, DF-COPY-PARENTS):
/// Go <c>filepath.Match</c> per <c>/</c>-separated segment (<c>*</c>, <c>?</c>, <c>[...]</c> with <c>^</c>
/// negation and ranges, <c>\</c> escapes; no wildcard crosses <c>/</c>). With <c>--parents</c>, a segment
/// that is exactly <c>**</c> matches any number of whole segments, including none.
/// </summary>
internal sealed class SourcePattern
{
    private readonly string[] segments;
    private readonly bool doubleStar;

    private SourcePattern(string[] segments, bool doubleStar)
    {
        this.segments = segments;
        this.doubleStar = doubleStar;
    }

    /// <summary>True when <paramref name="path"/> has an unescaped <c>*</c>, <c>?</c> or <c>[</c>.</summary>
    public static bool HasWildcards(string path)
    {
        for (var i = 0; i < path.Length; i++)
        {
            switch (path[i])
            {
                case '\\':
                    i++;
                    break;
                case '*' or '?' or '[':
                    return true;
            }
        }

        return false;
    }

    /// <summary>Compiles a cleaned, relative pattern; returns null and the reason when it is malformed.</summary>
    public static SourcePattern? Create(string pattern, bool parents, out string? error)
    {
        error = GlobPattern.FindSyntaxError(pattern);
        return error is null ? new SourcePattern(pattern.Split('/'), parents) : null;
    }

    /// <summary>Matches a relative, <c>/</c>-separated context path.</summary>
    public bool IsMatch(string path) => MatchSegments(0, path.Split('/'), 0);

    private bool MatchSegments(int p, string[] names, int n)
    {
        while (p < segments.Length)
        {
            if (doubleStar && segments[p] == "**")
            {
                for (var skip = n; skip <= names.Length; skip++)
                {
                    if (MatchSegments(p + 1, names, skip))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (n >= names.Length || !MatchSegment(segments[p], 0, names[n], 0))
            {
                return false;
            }

            p++;
            n++;
        }

        return n == names.Length;
    }

    private static bool MatchSegment(string pattern, int pi, string name, int ni)
    {
        while (pi < pattern.Length)
        {
            var c = pattern[pi];
            if (c == '*')
            {
                while (pi < pattern.Length && pattern[pi] == '*')
                {
                    pi++;
                }

                for (var rest = ni; rest <= name.Length; rest++)
                {
                    if (MatchSegment(pattern, pi, name, rest))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (ni >= name.Length)
            {
                return false;
            }

            switch (c)
            {
                case '?':
                    pi++;
                    break;
                case '[':
                    if (!MatchClass(pattern, ref pi, name[ni]))
                    {
                        return false;
                    }

                    break;
                case '\\':
                    if (pattern[pi + 1] != name[ni])
                    {
                        return false;
                    }

                    pi += 2;
                    break;
                default:
                    if (c != name[ni])
                    {
                        return false;
                    }

                    pi++;
                    break;
            }

            ni++;
        }

        return ni == name.Length;
    }

    // pi is at '['; on return it is just past the closing ']'. The syntax was validated on creation.
    private static bool MatchClass(string pattern, ref int pi, char c)
    {
        pi++;
        var negated = pi < pattern.Length && pattern[pi] == '^';
        if (negated)
        {
            pi++;
        }

        var matched = false;
        var first = true;
        while (first || pattern[pi] != ']')
        {
            first = false;
            var low = ClassChar(pattern, ref pi);
            var high = low;
            if (pattern[pi] == '-')
            {
                pi++;
                high = ClassChar(pattern, ref pi);
            }

            if (low <= c && c <= high)
            {
                matched = true;
            }
        }

        pi++;
        return matched != negated;
    }

    private static char ClassChar(string pattern, ref int pi)
    {
        if (pattern[pi] == '\\')
        {
            pi++;
        }

        return pattern[pi++];
    }
}
