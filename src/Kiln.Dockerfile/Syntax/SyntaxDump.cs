using System.Globalization;
using System.Text;

namespace Kiln.Dockerfile.Syntax;

/// <summary>
/// The canonical text dump of a syntax tree used by the BuildKit parser vectors (conformance README §1.1):
/// one <c>(keyword ["--flag" ...] "arg" ...)</c> line per instruction, strings quoted like Go's <c>strconv.Quote</c>.
/// </summary>
public static class SyntaxDump
{
    /// <summary>The dump of all instructions, one per line, without a trailing newline.</summary>
    public static string Dump(DockerfileSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        var sb = new StringBuilder();
        foreach (var instruction in syntax.Instructions)
        {
            sb.Append('(').Append(Dump(instruction)).Append(")\n");
        }

        return sb.ToString().Trim();
    }

    /// <summary>The dump of one instruction without the surrounding parentheses (<c>copy ["--from=a"] "x" "/y"</c>).</summary>
    public static string Dump(InstructionNode instruction)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        var sb = new StringBuilder();
        foreach (var c in instruction.Keyword)
        {
            sb.Append(char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c);
        }

        if (instruction.Flags.Count > 0)
        {
            sb.Append(" [");
            for (var i = 0; i < instruction.Flags.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(' ');
                }

                AppendQuoted(sb, instruction.Flags[i]);
            }

            sb.Append(']');
        }

        foreach (var argument in instruction.Arguments)
        {
            sb.Append(' ');
            AppendQuoted(sb, argument);
        }

        if (instruction.Next is { } next)
        {
            sb.Append(" (").Append(Dump(next)).Append(')');
        }

        return sb.ToString().Trim();
    }

    /// <summary>Quotes <paramref name="value"/> exactly as Go's <c>strconv.Quote</c> does.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length + 2);
        AppendQuoted(sb, value);
        return sb.ToString();
    }

    private static void AppendQuoted(StringBuilder sb, string value)
    {
        sb.Append('"');
        var i = 0;
        while (i < value.Length)
        {
            var c = value[i];
            if (c is >= ' ' and < (char)0x7F && c is not ('"' or '\\'))
            {
                sb.Append(c);
                i++;
                continue;
            }

            if (Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done)
            {
                // A lone surrogate cannot come from UTF-8 text; print it as a code unit escape.
                sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                i++;
                continue;
            }

            i += used;
            switch (rune.Value)
            {
                case '"': sb.Append("\\\""); continue;
                case '\\': sb.Append("\\\\"); continue;
                case '\a': sb.Append("\\a"); continue;
                case '\b': sb.Append("\\b"); continue;
                case '\f': sb.Append("\\f"); continue;
                case '\n': sb.Append("\\n"); continue;
                case '\r': sb.Append("\\r"); continue;
                case '\t': sb.Append("\\t"); continue;
                case '\v': sb.Append("\\v"); continue;
            }

            if (rune.Value < ' ' || rune.Value == 0x7F)
            {
                sb.Append("\\x").Append(rune.Value.ToString("x2", CultureInfo.InvariantCulture));
            }
            else if (IsPrint(rune))
            {
                sb.Append(value, i - used, used);
            }
            else if (rune.Value < 0x10000)
            {
                sb.Append("\\u").Append(rune.Value.ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append("\\U").Append(rune.Value.ToString("x8", CultureInfo.InvariantCulture));
            }
        }

        sb.Append('"');
    }

    /// <summary>Go's <c>unicode.IsPrint</c>: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    private static bool IsPrint(Rune rune)
    {
        if (rune.Value == ' ')
        {
            return true;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
                or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
                or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
                or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation
                or UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol
                or UnicodeCategory.OtherSymbol => true,
            _ => false,
        };
    }
}
