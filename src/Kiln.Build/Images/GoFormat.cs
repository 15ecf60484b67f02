using System.Globalization;
using System.Text;

namespace Kiln.Build.Images;

/// <summary>
/// Go's <c>fmt</c> renderings that BuildKit's history texts are made of (DF-IMG-HISTORY-TEXT): <c>%q</c> of strings,
/// string slices and runes, <c>%v</c> of string slices, and <c>time.Duration.String()</c>.
/// </summary>
internal static class GoFormat
{
    /// <summary><c>%q</c> of a string: double-quoted with Go escapes.</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            AppendEscaped(builder, rune, '"');
        }

        return builder.Append('"').ToString();
    }

    /// <summary><c>%q</c> of a <c>[]string</c>: <c>["a" "b"]</c>.</summary>
    public static string QuoteList(IEnumerable<string> values) => "[" + string.Join(' ', values.Select(Quote)) + "]";

    /// <summary><c>%v</c> of a <c>[]string</c>: <c>[a b]</c>.</summary>
    public static string List(IEnumerable<string> values) => "[" + string.Join(' ', values) + "]";

    /// <summary><c>%q</c> of an integer: a single-quoted rune literal (<c>'\x03'</c>).</summary>
    public static string QuoteRune(int value)
    {
        var builder = new StringBuilder("'");
        if (Rune.IsValid(value))
        {
            AppendEscaped(builder, new Rune(value), '\'');
        }
        else
        {
            builder.Append("\\ufffd");
        }

        return builder.Append('\'').ToString();
    }

    /// <summary>Go's <c>time.Duration.String()</c>: <c>1h2m3.5s</c>, <c>1.5ms</c>, <c>0s</c>.</summary>
    public static string Duration(TimeSpan duration)
    {
        var nanos = duration.Ticks * 100;
        if (nanos == 0)
        {
            return "0s";
        }

        var negative = nanos < 0;
        var u = (ulong)(negative ? -nanos : nanos);
        string text;
        if (u < 1_000_000_000UL)
        {
            // Below one second Go uses the largest unit that keeps a non-zero integer part.
            (ulong unit, string suffix) = u < 1_000UL ? (1UL, "ns") : u < 1_000_000UL ? (1_000UL, "µs") : (1_000_000UL, "ms");
            text = Fraction(u, unit) + suffix;
        }
        else
        {
            var hours = u / 3_600_000_000_000UL;
            var rest = u % 3_600_000_000_000UL;
            var minutes = rest / 60_000_000_000UL;
            var seconds = rest % 60_000_000_000UL;
            var builder = new StringBuilder();
            if (hours > 0)
            {
                builder.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
            }

            if (hours > 0 || minutes > 0)
            {
                builder.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
            }

            builder.Append(Fraction(seconds, 1_000_000_000UL)).Append('s');
            text = builder.ToString();
        }

        return negative ? "-" + text : text;
    }

    private static string Fraction(ulong value, ulong unit)
    {
        var whole = (value / unit).ToString(CultureInfo.InvariantCulture);
        var fraction = value % unit;
        if (fraction == 0)
        {
            return whole;
        }

        var digits = unit.ToString(CultureInfo.InvariantCulture).Length - 1;
        return whole + "." + fraction.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
    }

    private static void AppendEscaped(StringBuilder builder, Rune rune, char quote)
    {
        var value = rune.Value;
        if (value == quote || value == '\\')
        {
            builder.Append('\\').Append((char)value);
            return;
        }

        switch (value)
        {
            case 7: builder.Append("\\a"); return;
            case 8: builder.Append("\\b"); return;
            case 12: builder.Append("\\f"); return;
            case 10: builder.Append("\\n"); return;
            case 13: builder.Append("\\r"); return;
            case 9: builder.Append("\\t"); return;
            case 11: builder.Append("\\v"); return;
        }

        if (value < 0x20 || value == 0x7f)
        {
            builder.Append("\\x").Append(value.ToString("x2", CultureInfo.InvariantCulture));
        }
        else if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate)
        {
            builder.Append(value < 0x10000 ? "\\u" + value.ToString("x4", CultureInfo.InvariantCulture) : "\\U" + value.ToString("x8", CultureInfo.InvariantCulture));
        }
        else
        {
            builder.Append(rune.ToString());
        }
    }
}
