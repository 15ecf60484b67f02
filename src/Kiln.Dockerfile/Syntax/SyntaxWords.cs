using System.Text;

namespace Kiln.Dockerfile.Syntax;

/// <summary>
/// The parser's small word splitters (conformance README §1.2): the quote-aware split that keeps quotes and
/// escape characters in the words (ENV/LABEL/ARG, DF-LEX-KV-WORDS; heredoc detection), the ASCII-whitespace
/// split (FROM/EXPOSE/ADD/COPY/VOLUME) and the <c>--flag</c> extraction (DF-LEX-FLAGS).
/// </summary>
internal static class SyntaxWords
{
    /// <summary>
    /// Splits <paramref name="text"/> at unquoted whitespace, keeping quotes and escapes in the words.
    /// <c>'</c> and <c>"</c> start quoted spans; the escape character escapes the next character outside
    /// single quotes; a trailing lone escape is dropped. Word start offsets go to <paramref name="offsets"/>.
    /// </summary>
    public static List<string> SplitKeepingQuotes(string text, char escape, List<int>? offsets = null)
    {
        var words = new List<string>();
        var sb = new StringBuilder();
        var i = 0;
        var n = text.Length;
        while (i < n)
        {
            while (i < n && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= n)
            {
                break;
            }

            var start = i;
            sb.Clear();
            var blankOk = false;
            var quote = '\0';
            while (i < n)
            {
                var c = text[i];
                if (quote == '\0')
                {
                    if (char.IsWhiteSpace(c))
                    {
                        break;
                    }

                    if (c is '\'' or '"')
                    {
                        quote = c;
                        blankOk = true;
                    }
                    else if (c == escape)
                    {
                        if (i + 1 == n)
                        {
                            i++;
                            continue;
                        }

                        sb.Append(c);
                        i++;
                        c = text[i];
                    }

                    sb.Append(c);
                    i++;
                }
                else
                {
                    if (c == quote)
                    {
                        quote = '\0';
                    }
                    else if (c == escape && quote != '\'')
                    {
                        if (i + 1 == n)
                        {
                            i++;
                            continue;
                        }

                        sb.Append(c);
                        i++;
                        c = text[i];
                    }

                    sb.Append(c);
                    i++;
                }
            }

            if (blankOk || sb.Length > 0)
            {
                words.Add(sb.ToString());
                offsets?.Add(start);
            }
        }

        return words;
    }

    /// <summary>True for the characters of Go's <c>[\t\v\f\r ]</c> class used to split instruction text.</summary>
    public static bool IsAsciiBlank(char c) => c is ' ' or '\t' or '\v' or '\f' or '\r';

    /// <summary>Splits on runs of ASCII whitespace (no quote processing).</summary>
    public static List<string> SplitAsciiWhitespace(string text)
    {
        var words = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && IsAsciiBlank(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && !IsAsciiBlank(text[i]))
            {
                i++;
            }

            if (i > start)
            {
                words.Add(text[start..i]);
            }
        }

        return words;
    }

    /// <summary>
    /// Extracts the leading <c>--flag</c> words of <paramref name="text"/> from <paramref name="start"/>:
    /// quotes group and are removed, the escape character escapes the next character, a bare <c>--</c>
    /// ends the flags and is dropped. Returns the offset where the remaining text starts.
    /// </summary>
    public static int ExtractFlags(string text, int start, char escape, List<string> flags)
    {
        var sb = new StringBuilder();
        var i = start;
        var n = text.Length;
        while (true)
        {
            while (i < n && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= n)
            {
                return n;
            }

            if (text[i] != '-' || i + 1 >= n || text[i + 1] != '-')
            {
                return i;
            }

            sb.Clear();
            var blankOk = false;
            var quote = '\0';
            while (i < n)
            {
                var c = text[i];
                if (quote == '\0' && char.IsWhiteSpace(c))
                {
                    break;
                }

                if (quote == '\0' && c is '\'' or '"')
                {
                    quote = c;
                    blankOk = true;
                    i++;
                    continue;
                }

                if (quote != '\0' && c == quote)
                {
                    quote = '\0';
                    i++;
                    continue;
                }

                if (c == escape)
                {
                    if (i + 1 == n)
                    {
                        quote = '\0';
                        i++;
                        continue;
                    }

                    i++;
                    c = text[i];
                }

                sb.Append(c);
                i++;
            }

            if (sb.Length == 2 && sb[0] == '-' && sb[1] == '-')
            {
                return i;
            }

            if (blankOk || sb.Length > 0)
            {
                flags.Add(sb.ToString());
            }
        }
    }
}
