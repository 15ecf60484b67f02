namespace Kiln.Dockerfile.Syntax;

/// <summary>
/// One parser-directive line (DF-DIR-FORMAT): <c>&lt;prefix&gt; key = value</c> with a key matching
/// <c>[a-zA-Z][a-zA-Z0-9]*</c>, whitespace allowed around the prefix, key and <c>=</c>, and a non-empty value.
/// </summary>
/// <param name="Key">The key lower-cased.</param>
/// <param name="Value">The value, surrounding whitespace removed.</param>
/// <param name="KeyIndex">0-based index of the key in the parsed text.</param>
/// <param name="ValueIndex">0-based index of the value in the parsed text.</param>
internal readonly record struct DirectiveLine(string Key, string Value, int KeyIndex, int ValueIndex)
{
    /// <summary>Parses <paramref name="line"/> (leading whitespace already removed) as a directive with the given comment prefix.</summary>
    public static DirectiveLine? TryParse(ReadOnlySpan<char> line, string prefix)
    {
        if (!line.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var i = prefix.Length;
        SkipSpace(line, ref i);
        var keyStart = i;
        if (i >= line.Length || !char.IsAsciiLetter(line[i]))
        {
            return null;
        }

        while (i < line.Length && char.IsAsciiLetterOrDigit(line[i]))
        {
            i++;
        }

        var keyEnd = i;
        SkipSpace(line, ref i);
        if (i >= line.Length || line[i] != '=')
        {
            return null;
        }

        i++;
        SkipSpace(line, ref i);
        var end = line.Length;
        while (end > i && IsSpace(line[end - 1]))
        {
            end--;
        }

        if (end <= i)
        {
            // "key=  ": the grammar's lazy value still takes one (the last) whitespace character.
            if (line[^1] == '=')
            {
                return null;
            }

            return new DirectiveLine(line[keyStart..keyEnd].ToString().ToLowerInvariant(), line[^1..].ToString(), keyStart, line.Length - 1);
        }

        return new DirectiveLine(
            line[keyStart..keyEnd].ToString().ToLowerInvariant(),
            line[i..end].ToString(),
            keyStart,
            i);
    }

    /// <summary>The whitespace class of the directive grammar (RE2 <c>\s</c>).</summary>
    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\f' or '\r';

    private static void SkipSpace(ReadOnlySpan<char> line, ref int i)
    {
        while (i < line.Length && IsSpace(line[i]))
        {
            i++;
        }
    }
}
