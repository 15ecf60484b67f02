using System.Globalization;
using System.Text;

namespace Kiln.Dockerfile.Syntax;

/// <summary>
/// A strict RFC 8259 reader for the exec form (DF-LEX-EXEC-FORM): decodes the first JSON value of the text
/// when it is an array, telling apart invalid JSON (shell-form fallback) from arrays with non-string
/// elements (an error). Like a streaming decoder, text after the closing bracket is not examined.
/// </summary>
internal static class JsonStringArray
{
    private const int MaxDepth = 10000;

    public static JsonArrayOutcome Parse(string text, out List<string> values)
    {
        values = [];
        var i = 0;
        SkipWhitespace(text, ref i);
        if (i >= text.Length || text[i] != '[')
        {
            return JsonArrayOutcome.NotJson;
        }

        i++;
        SkipWhitespace(text, ref i);
        if (i < text.Length && text[i] == ']')
        {
            return JsonArrayOutcome.Strings;
        }

        var sb = new StringBuilder();
        var allStrings = true;
        while (true)
        {
            SkipWhitespace(text, ref i);
            if (i >= text.Length)
            {
                return JsonArrayOutcome.NotJson;
            }

            if (text[i] == '"')
            {
                sb.Clear();
                if (!ReadString(text, ref i, sb))
                {
                    return JsonArrayOutcome.NotJson;
                }

                values.Add(sb.ToString());
            }
            else
            {
                if (!SkipValue(text, ref i))
                {
                    return JsonArrayOutcome.NotJson;
                }

                allStrings = false;
            }

            SkipWhitespace(text, ref i);
            if (i >= text.Length)
            {
                return JsonArrayOutcome.NotJson;
            }

            if (text[i] == ',')
            {
                i++;
                continue;
            }

            if (text[i] == ']')
            {
                return allStrings ? JsonArrayOutcome.Strings : JsonArrayOutcome.NotStringArray;
            }

            return JsonArrayOutcome.NotJson;
        }
    }

    private static void SkipWhitespace(string text, ref int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t' or '\n' or '\r')
        {
            i++;
        }
    }

    /// <summary>Reads a JSON string starting at the opening quote; appends the decoded text to <paramref name="sb"/> when given.</summary>
    private static bool ReadString(string text, ref int i, StringBuilder? sb)
    {
        i++;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"')
            {
                i++;
                return true;
            }

            if (c < 0x20)
            {
                return false;
            }

            if (c != '\\')
            {
                sb?.Append(c);
                i++;
                continue;
            }

            if (i + 1 >= text.Length)
            {
                return false;
            }

            var e = text[i + 1];
            i += 2;
            switch (e)
            {
                case '"': sb?.Append('"'); break;
                case '\\': sb?.Append('\\'); break;
                case '/': sb?.Append('/'); break;
                case 'b': sb?.Append('\b'); break;
                case 'f': sb?.Append('\f'); break;
                case 'n': sb?.Append('\n'); break;
                case 'r': sb?.Append('\r'); break;
                case 't': sb?.Append('\t'); break;
                case 'u':
                    if (!ReadHex(text, i, out var unit))
                    {
                        return false;
                    }

                    i += 4;
                    if (char.IsHighSurrogate(unit) && i + 6 <= text.Length && text[i] == '\\' && text[i + 1] == 'u'
                        && ReadHex(text, i + 2, out var low) && char.IsLowSurrogate(low))
                    {
                        sb?.Append(unit).Append(low);
                        i += 6;
                    }
                    else
                    {
                        // A lone surrogate decodes to U+FFFD, as Go's decoder does.
                        sb?.Append(char.IsSurrogate(unit) ? '\uFFFD' : unit);
                    }

                    break;
                default:
                    return false;
            }
        }

        return false;
    }

    private static bool ReadHex(string text, int start, out char value)
    {
        value = '\0';
        if (start + 4 > text.Length
            || !ushort.TryParse(text.AsSpan(start, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        value = (char)number;
        return true;
    }

    /// <summary>Validates and skips any JSON value (iteratively, so deep nesting cannot overflow the stack).</summary>
    private static bool SkipValue(string text, ref int i)
    {
        // true = inside an object, false = inside an array.
        var stack = new List<bool>();
        while (true)
        {
            SkipWhitespace(text, ref i);
            if (i >= text.Length)
            {
                return false;
            }

            var c = text[i];
            var isContainerStart = false;
            if (c is '[' or '{')
            {
                i++;
                SkipWhitespace(text, ref i);
                var close = c == '[' ? ']' : '}';
                if (i < text.Length && text[i] == close)
                {
                    i++;
                }
                else
                {
                    if (stack.Count >= MaxDepth)
                    {
                        return false;
                    }

                    stack.Add(c == '{');
                    if (c == '{' && !ReadKey(text, ref i))
                    {
                        return false;
                    }

                    isContainerStart = true;
                }
            }
            else if (c == '"')
            {
                if (!ReadString(text, ref i, null))
                {
                    return false;
                }
            }
            else if (!SkipScalar(text, ref i))
            {
                return false;
            }

            if (isContainerStart)
            {
                continue;
            }

            // After a value: close containers or move to the next element.
            while (true)
            {
                if (stack.Count == 0)
                {
                    return true;
                }

                SkipWhitespace(text, ref i);
                if (i >= text.Length)
                {
                    return false;
                }

                var inObject = stack[^1];
                if (text[i] == ',')
                {
                    i++;
                    if (inObject && !ReadKey(text, ref i))
                    {
                        return false;
                    }

                    break;
                }

                if (text[i] == (inObject ? '}' : ']'))
                {
                    i++;
                    stack.RemoveAt(stack.Count - 1);
                    continue;
                }

                return false;
            }
        }
    }

    private static bool ReadKey(string text, ref int i)
    {
        SkipWhitespace(text, ref i);
        if (i >= text.Length || text[i] != '"' || !ReadString(text, ref i, null))
        {
            return false;
        }

        SkipWhitespace(text, ref i);
        if (i >= text.Length || text[i] != ':')
        {
            return false;
        }

        i++;
        return true;
    }

    private static bool SkipScalar(string text, ref int i)
    {
        var rest = text.AsSpan(i);
        foreach (var literal in (ReadOnlySpan<string>)["true", "false", "null"])
        {
            if (rest.StartsWith(literal, StringComparison.Ordinal))
            {
                i += literal.Length;
                return true;
            }
        }

        // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
        var j = i;
        if (j < text.Length && text[j] == '-')
        {
            j++;
        }

        if (j >= text.Length || !char.IsAsciiDigit(text[j]))
        {
            return false;
        }

        if (text[j] == '0')
        {
            j++;
        }
        else
        {
            while (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                j++;
            }
        }

        if (j < text.Length && text[j] == '.')
        {
            j++;
            if (j >= text.Length || !char.IsAsciiDigit(text[j]))
            {
                return false;
            }

            while (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                j++;
            }
        }

        if (j < text.Length && text[j] is 'e' or 'E')
        {
            j++;
            if (j < text.Length && text[j] is '+' or '-')
            {
                j++;
            }

            if (j >= text.Length || !char.IsAsciiDigit(text[j]))
            {
                return false;
            }

            while (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                j++;
            }
        }

        i = j;
        return true;
    }
}
