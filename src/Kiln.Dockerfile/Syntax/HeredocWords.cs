using System.Globalization;
using System.Text;
using Kiln.Dockerfile.Diagnostics;

namespace Kiln.Dockerfile.Syntax;

/// <summary>
/// Here-document word helpers (DF-HEREDOC-*; conformance README §4): recognise a delimiter word
/// (<c>&lt;&lt;EOF</c>, <c>&lt;&lt;-'EOF'</c>, <c>3&lt;&lt;EOF</c>, <c>&lt;&lt; EOF</c>), find the heredocs an
/// instruction line declares, and strip leading tabs from a <c>&lt;&lt;-</c> body. Pure functions.
/// </summary>
public static class HeredocWords
{
    /// <summary>
    /// Classifies one word: a heredoc (with empty <see cref="Heredoc.Content"/>) or null when the word is not a
    /// heredoc. Throws <see cref="DockerfileException"/> when the delimiter has an unbalanced quote.
    /// </summary>
    public static Heredoc? ParseWord(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var heredoc = ParseWord(word, out var error);
        return error is null ? heredoc : throw new DockerfileException(SyntaxErrorIds.HeredocQuote, error, null, null);
    }

    /// <summary>
    /// The heredocs declared by an instruction line, in order (quoted <c>"&lt;&lt;EOF"</c> words are not heredocs;
    /// a lone <c>&lt;&lt;</c> / <c>&lt;&lt;-</c> word takes the next word as its delimiter). Throws
    /// <see cref="DockerfileException"/> on an unbalanced quote in a delimiter.
    /// </summary>
    public static IReadOnlyList<Heredoc> FromLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var docs = FromLine(line, null, out var error, out _);
        return error is null ? docs : throw new DockerfileException(SyntaxErrorIds.HeredocQuote, error, null, null);
    }

    /// <summary>Removes the leading tabs (only tabs) of every line of a <c>&lt;&lt;-</c> body (DF-HEREDOC-CHOMP).</summary>
    public static string Chomp(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var sb = new StringBuilder(content.Length);
        var atLineStart = true;
        foreach (var c in content)
        {
            if (atLineStart && c == '\t')
            {
                continue;
            }

            atLineStart = c == '\n';
            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>Like <see cref="FromLine(string)"/> but reports the error text and the offset of the offending word instead of throwing.</summary>
    internal static List<Heredoc> FromLine(string line, List<int>? offsets, out string? error, out int errorOffset)
    {
        error = null;
        errorOffset = 0;
        var docs = new List<Heredoc>();
        var wordOffsets = new List<int>();
        var words = SyntaxWords.SplitKeepingQuotes(line, '\\', wordOffsets);
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            var offset = wordOffsets[i];
            if (IsBareOperator(word) && i + 1 < words.Count)
            {
                // "<< EOF": the delimiter is the next word (DF-HEREDOC-SPACE).
                word = word + " " + words[i + 1];
                i++;
            }

            var heredoc = ParseWord(word, out error);
            if (error is not null)
            {
                errorOffset = offset;
                return docs;
            }

            if (heredoc is not null)
            {
                docs.Add(heredoc);
                offsets?.Add(offset);
            }
        }

        return docs;
    }

    /// <summary>The word grammar <c>[digits]&lt;&lt;[-][space]word</c>; <paramref name="error"/> is set for unbalanced quotes.</summary>
    internal static Heredoc? ParseWord(string word, out string? error)
    {
        error = null;
        var i = 0;
        while (i < word.Length && char.IsAsciiDigit(word[i]))
        {
            i++;
        }

        var digits = i;
        if (i + 1 >= word.Length || word[i] != '<' || word[i + 1] != '<')
        {
            return null;
        }

        i += 2;
        var chomp = i < word.Length && word[i] == '-';
        if (chomp)
        {
            i++;
        }

        var rest = word.AsSpan(i);
        if (rest.IsEmpty || rest.Contains('<'))
        {
            return null;
        }

        var count = ProcessDelimiter(rest, out var name, out var quoted, out error);
        if (error is not null || count != 1)
        {
            return null;
        }

        _ = int.TryParse(word.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var fd);
        return new Heredoc(name, string.Empty, !quoted, chomp, fd);
    }

    private static bool IsBareOperator(string word)
    {
        var i = 0;
        while (i < word.Length && char.IsAsciiDigit(word[i]))
        {
            i++;
        }

        var op = word.AsSpan(i);
        return op is "<<" or "<<-";
    }

    /// <summary>
    /// Shell-processes the delimiter text (escape always <c>\</c>, no variable expansion): removes quotes and
    /// escapes, splits on whitespace. Returns the word count; <paramref name="name"/> is the first word and
    /// <paramref name="quoted"/> tells whether any quote delimited part of the text (DF-HEREDOC-QUOTED).
    /// </summary>
    private static int ProcessDelimiter(ReadOnlySpan<char> text, out string name, out bool quoted, out string? error)
    {
        name = string.Empty;
        quoted = false;
        error = null;
        var count = 0;
        var sb = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                break;
            }

            sb.Clear();
            var hadQuotes = false;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                var c = text[i];
                if (c == '\'')
                {
                    hadQuotes = true;
                    var end = text[(i + 1)..].IndexOf('\'');
                    if (end < 0)
                    {
                        error = "unexpected end of statement while looking for matching single-quote";
                        return 0;
                    }

                    sb.Append(text.Slice(i + 1, end));
                    i += end + 2;
                }
                else if (c == '"')
                {
                    hadQuotes = true;
                    i++;
                    var closed = false;
                    while (i < text.Length)
                    {
                        var d = text[i];
                        if (d == '"')
                        {
                            closed = true;
                            i++;
                            break;
                        }

                        if (d == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '$' or '\\')
                        {
                            i++;
                            d = text[i];
                        }

                        sb.Append(d);
                        i++;
                    }

                    if (!closed)
                    {
                        error = "unexpected end of statement while looking for matching double-quote";
                        return 0;
                    }
                }
                else if (c == '\\')
                {
                    if (i + 1 < text.Length)
                    {
                        sb.Append(text[i + 1]);
                    }

                    i += 2;
                }
                else
                {
                    sb.Append(c);
                    i++;
                }
            }

            if (count == 0)
            {
                name = sb.ToString();
            }

            quoted |= hadQuotes;
            count++;
        }

        return count;
    }
}
