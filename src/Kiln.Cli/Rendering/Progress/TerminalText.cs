using System.Text;
using Spectre.Console;

namespace Kiln.Cli.Rendering.Progress;

/// <summary>
/// Text made safe for one row of the live view: what a terminal would show of a log line (the part after the last
/// carriage return, so progress bars show their latest state), without escape sequences or control characters, and
/// cropped to a number of terminal cells (wide characters count twice).
/// </summary>
internal static class TerminalText
{
    /// <summary>One printable row from a raw output line.</summary>
    public static string Sanitize(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var end = line.Length;
        while (end > 0 && line[end - 1] == '\r')
        {
            end--;
        }

        var start = line.LastIndexOf('\r', Math.Max(0, end - 1)) + 1;
        if (end == 0)
        {
            start = 0;
        }

        var text = new StringBuilder(end - start);
        for (var i = start; i < end; i++)
        {
            var c = line[i];
            if (c == '\u001b')
            {
                i = SkipEscape(line, i, end);
            }
            else if (c == '\t')
            {
                text.Append(' ');
            }
            else if (!char.IsControl(c))
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    /// <summary>The width of <paramref name="text"/> in terminal cells.</summary>
    public static int Width(string text) => text.GetCellWidth();

    /// <summary><paramref name="text"/> cut to at most <paramref name="cells"/> cells, ending with an ellipsis when cut.</summary>
    public static string Crop(string text, int cells, bool unicode)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (cells <= 0)
        {
            return string.Empty;
        }

        if (Width(text) <= cells)
        {
            return text;
        }

        var ellipsis = unicode ? "…" : "...";
        var room = cells - Width(ellipsis);
        if (room <= 0)
        {
            ellipsis = string.Empty;
            room = cells;
        }

        var cut = new StringBuilder();
        var used = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var width = rune.ToString().GetCellWidth();
            if (used + width > room)
            {
                break;
            }

            cut.Append(rune.ToString());
            used += width;
        }

        return cut.Append(ellipsis).ToString();
    }

    /// <summary><paramref name="text"/> followed by spaces up to <paramref name="cells"/> cells.</summary>
    public static string Pad(string text, int cells)
    {
        var width = Width(text);
        return width >= cells ? text : text + new string(' ', cells - width);
    }

    // Returns the index of the last character of the escape sequence that starts at `at`.
    private static int SkipEscape(string line, int at, int end)
    {
        if (at + 1 >= end)
        {
            return at;
        }

        var kind = line[at + 1];
        if (kind == '[')
        {
            // CSI: parameters and intermediates, then one final byte in @..~.
            var i = at + 2;
            while (i < end && line[i] is < '@' or > '~')
            {
                i++;
            }

            return Math.Min(i, end - 1);
        }

        if (kind is ']' or 'P' or '_' or '^')
        {
            // OSC and other strings: up to BEL or ESC \.
            for (var i = at + 2; i < end; i++)
            {
                if (line[i] == '\a')
                {
                    return i;
                }

                if (line[i] == '\u001b' && i + 1 < end && line[i + 1] == '\\')
                {
                    return i + 1;
                }
            }

            return end - 1;
        }

        return at + 1;
    }
}
