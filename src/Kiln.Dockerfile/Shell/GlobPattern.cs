using System.Text;

namespace Kiln.Dockerfile.Shell;

/// <summary>
/// Shell glob used by <c>${v#p}</c>, <c>${v%p}</c> and <c>${v/p/r}</c> (DF-VAR-PREFIX, DF-VAR-SUFFIX,
/// DF-VAR-REPLACE): <c>*</c> any run, <c>?</c> one character, <c>\*</c> <c>\?</c> <c>\\</c> literal,
/// <c>\}</c> and <c>\/</c> literal without the backslash; no <c>[...]</c> classes; every other character
/// literal. The glob language always uses <c>\</c>, whatever the lexer's escape token. Matching works on
/// Unicode scalar values with an NFA simulation (no regex).
/// </summary>
internal sealed class GlobPattern
{
    private const int Star = -1;
    private const int AnyOne = -2;

    // Each token: a scalar value (literal), Star or AnyOne.
    private readonly int[] _tokens;

    private GlobPattern(int[] tokens) => _tokens = tokens;

    /// <summary>Compiles a pattern; returns null and an error text for an invalid escape.</summary>
    public static GlobPattern? TryCompile(string pattern, out string? error)
    {
        var tokens = new List<int>(pattern.Length);
        var runes = ToRunes(pattern);
        for (var i = 0; i < runes.Length; i++)
        {
            var r = runes[i].Value;
            switch (r)
            {
                case '*':
                    tokens.Add(Star);
                    break;
                case '?':
                    tokens.Add(AnyOne);
                    break;
                case '\\':
                    if (i + 1 < runes.Length && runes[i + 1].Value is '}' or '/')
                    {
                        // Escaped } and / are needed inside ${...}; the escape itself is not part of the pattern.
                        break;
                    }

                    i++;
                    if (i >= runes.Length || runes[i].Value is not ('*' or '?' or '\\'))
                    {
                        error = i >= runes.Length ? "invalid escape '\\'" : "invalid escape '\\" + runes[i] + "'";
                        return null;
                    }

                    tokens.Add(runes[i].Value);
                    break;
                default:
                    tokens.Add(r);
                    break;
            }
        }

        error = null;
        return new GlobPattern(tokens.ToArray());
    }

    /// <summary>Removes the shortest (or longest) prefix of <paramref name="value"/> matching the pattern.</summary>
    public string TrimPrefix(string value, bool longest)
    {
        var text = ToRunes(value);
        var end = MatchEnd(_tokens, text, 0, longest);
        return end <= 0 ? value : Join(text, end, text.Length);
    }

    /// <summary>Removes the shortest (or longest) suffix of <paramref name="value"/> matching the pattern.</summary>
    public string TrimSuffix(string value, bool longest)
    {
        // Matching a reversed pattern against the reversed text turns the suffix search into a prefix search.
        var text = ToRunes(value);
        Array.Reverse(text);
        var reversed = (int[])_tokens.Clone();
        Array.Reverse(reversed);
        var end = MatchEnd(reversed, text, 0, longest);
        if (end <= 0)
        {
            return value;
        }

        Array.Reverse(text);
        return Join(text, 0, text.Length - end);
    }

    /// <summary>Replaces the first (or every) leftmost-longest match with <paramref name="replacement"/>.</summary>
    public string Replace(string value, string replacement, bool all)
    {
        var text = ToRunes(value);
        var sb = new StringBuilder(value.Length + replacement.Length);
        var lastEnd = 0;
        var search = 0;
        while (search <= text.Length)
        {
            var (start, end) = Find(text, search);
            if (start < 0)
            {
                break;
            }

            AppendRunes(sb, text, lastEnd, start);

            // An empty match right after the previous match is not replaced again (Go regexp semantics).
            if (end > lastEnd || start == 0)
            {
                sb.Append(replacement);
            }

            lastEnd = end;
            if (!all)
            {
                break;
            }

            search = end > search ? end : search + 1;
        }

        AppendRunes(sb, text, lastEnd, text.Length);
        return sb.ToString();
    }

    private (int Start, int End) Find(Rune[] text, int from)
    {
        for (var s = from; s <= text.Length; s++)
        {
            var e = MatchEnd(_tokens, text, s, longest: true);
            if (e >= 0)
            {
                return (s, e);
            }
        }

        return (-1, -1);
    }

    /// <summary>End index of the shortest or longest match starting at <paramref name="start"/>, or -1.</summary>
    private static int MatchEnd(int[] tokens, Rune[] text, int start, bool longest)
    {
        var m = tokens.Length;
        var current = new bool[m + 1];
        var next = new bool[m + 1];
        current[0] = true;
        Close(tokens, current);
        var best = -1;
        for (var i = start; ; i++)
        {
            if (current[m])
            {
                best = i;
                if (!longest)
                {
                    return best;
                }
            }

            if (i >= text.Length)
            {
                return best;
            }

            var c = text[i].Value;
            var any = false;
            Array.Clear(next);
            for (var k = 0; k < m; k++)
            {
                if (!current[k])
                {
                    continue;
                }

                var t = tokens[k];

                // Like BuildKit's regexp translation, wildcards do not match a newline.
                if (t == Star)
                {
                    if (c != '\n')
                    {
                        next[k] = true;
                        any = true;
                    }
                }
                else if (t == AnyOne ? c != '\n' : t == c)
                {
                    next[k + 1] = true;
                    any = true;
                }
            }

            if (!any)
            {
                return best;
            }

            Close(tokens, next);
            (current, next) = (next, current);
        }
    }

    private static void Close(int[] tokens, bool[] states)
    {
        for (var k = 0; k < tokens.Length; k++)
        {
            if (states[k] && tokens[k] == Star)
            {
                states[k + 1] = true;
            }
        }
    }

    private static Rune[] ToRunes(string s)
    {
        var list = new List<Rune>(s.Length);
        foreach (var r in s.EnumerateRunes())
        {
            list.Add(r);
        }

        return list.ToArray();
    }

    private static string Join(Rune[] text, int from, int to)
    {
        var sb = new StringBuilder(to - from);
        AppendRunes(sb, text, from, to);
        return sb.ToString();
    }

    private static void AppendRunes(StringBuilder sb, Rune[] text, int from, int to)
    {
        Span<char> buffer = stackalloc char[2];
        for (var i = from; i < to; i++)
        {
            var n = text[i].EncodeToUtf16(buffer);
            sb.Append(buffer[..n]);
        }
    }
}
