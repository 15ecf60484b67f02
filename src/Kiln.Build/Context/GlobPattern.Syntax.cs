namespace Kiln.Build.Context;

/// <summary>Pattern syntax: validation (Go <c>filepath.Match</c> rules) and tokenizing.</summary>
internal sealed partial class GlobPattern
{
    /// <summary>Returns why <paramref name="pattern"/> is malformed per <c>filepath.Match</c>, or null.</summary>
    internal static string? FindSyntaxError(string pattern)
    {
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 >= pattern.Length)
                {
                    return "trailing '\\' escapes nothing";
                }

                i += 2;
                continue;
            }

            if (c != '[')
            {
                i++;
                continue;
            }

            i++;
            if (i < pattern.Length && pattern[i] == '^')
            {
                i++;
            }

            var ranges = 0;
            while (true)
            {
                if (i < pattern.Length && pattern[i] == ']' && ranges > 0)
                {
                    i++;
                    break;
                }

                if (ClassCharError(pattern, ref i) is { } lowError)
                {
                    return lowError;
                }

                if (pattern[i] == '-')
                {
                    i++;
                    if (ClassCharError(pattern, ref i) is { } highError)
                    {
                        return highError;
                    }
                }

                ranges++;
            }
        }

        return null;
    }

    // One (possibly escaped) class character; on success at least one character must follow it.
    private static string? ClassCharError(string pattern, ref int i)
    {
        if (i >= pattern.Length)
        {
            return "unterminated character class '['";
        }

        if (pattern[i] == '-' || pattern[i] == ']')
        {
            return $"unexpected '{pattern[i]}' in character class";
        }

        if (pattern[i] == '\\')
        {
            i++;
            if (i >= pattern.Length)
            {
                return "unterminated character class '['";
            }
        }

        if (char.IsSurrogate(pattern[i]) && !(i + 1 < pattern.Length && char.IsSurrogatePair(pattern[i], pattern[i + 1])))
        {
            return "invalid character in character class";
        }

        i += char.IsHighSurrogate(pattern[i]) ? 2 : 1;
        return i >= pattern.Length ? "unterminated character class '['" : null;
    }

    // Mirrors how BuildKit's matcher classifies patterns: exact text, literal prefix + "**",
    // leading "**" + literal suffix, or a general glob.
    private static (GlobToken[] Tokens, GlobMatchType Type) Tokenize(string pattern)
    {
        var tokens = new List<GlobToken>(pattern.Length);
        var type = GlobMatchType.Exact;
        var i = 0;
        for (var index = 0; i < pattern.Length; index++)
        {
            var c = ReadRune(pattern, ref i);
            switch (c)
            {
                case '*' when i < pattern.Length && pattern[i] == '*':
                    i++;
                    if (i < pattern.Length && pattern[i] == '/')
                    {
                        i++;
                    }

                    if (i >= pattern.Length)
                    {
                        tokens.Add(GlobToken.Of(GlobTokenKind.DoubleStarEnd));
                        type = type == GlobMatchType.Exact ? GlobMatchType.Prefix : GlobMatchType.Glob;
                    }
                    else
                    {
                        tokens.Add(GlobToken.Of(GlobTokenKind.DoubleStarSlash));
                        type = GlobMatchType.Glob;
                    }

                    if (index == 0)
                    {
                        type = GlobMatchType.Suffix;
                    }

                    break;
                case '*':
                    tokens.Add(GlobToken.Of(GlobTokenKind.Star));
                    type = GlobMatchType.Glob;
                    break;
                case '?':
                    tokens.Add(GlobToken.Of(GlobTokenKind.AnyOne));
                    type = GlobMatchType.Glob;
                    break;
                case '\\':
                    // Validation guarantees a following character.
                    tokens.Add(GlobToken.Literal(i < pattern.Length ? ReadRune(pattern, ref i) : '\\'));
                    type = GlobMatchType.Glob;
                    break;
                case '[':
                    tokens.Add(new GlobToken(GlobTokenKind.Class, 0, ReadClass(pattern, ref i)));
                    type = GlobMatchType.Glob;
                    break;
                case ']':
                    tokens.Add(GlobToken.Literal(c));
                    type = GlobMatchType.Glob;
                    break;
                default:
                    tokens.Add(GlobToken.Literal(c));
                    break;
            }
        }

        return ([.. tokens], type);
    }

    // Called just after '['; the pattern has been validated.
    private static CharClass ReadClass(string pattern, ref int i)
    {
        var negated = false;
        if (pattern[i] == '^')
        {
            negated = true;
            i++;
        }

        var ranges = new List<(int, int)>();
        while (!(pattern[i] == ']' && ranges.Count > 0))
        {
            var low = ReadClassChar(pattern, ref i);
            var high = low;
            if (pattern[i] == '-')
            {
                i++;
                high = ReadClassChar(pattern, ref i);
            }

            ranges.Add((low, high));
        }

        i++;
        return new CharClass([.. ranges], negated);
    }

    private static int ReadClassChar(string pattern, ref int i)
    {
        if (pattern[i] == '\\')
        {
            i++;
        }

        return ReadRune(pattern, ref i);
    }

    internal static int ReadRune(ReadOnlySpan<char> s, ref int i)
    {
        var c = s[i];
        if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
        {
            i += 2;
            return char.ConvertToUtf32(c, s[i - 1]);
        }

        i++;
        return c;
    }

    internal static int ReadRune(string s, ref int i) => ReadRune(s.AsSpan(), ref i);
}
