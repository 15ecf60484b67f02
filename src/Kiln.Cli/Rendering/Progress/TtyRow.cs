using Spectre.Console;

namespace Kiln.Cli.Rendering.Progress;

/// <summary>One row of the terminal view: <c> => [build 2/4] COPY a /a            0.3s</c>.</summary>
/// <param name="Prefix">The indent and marker (<c> => </c>, <c> => => </c>, <c> => => # </c>).</param>
/// <param name="Text">The step name or item, cropped when the row is too narrow.</param>
/// <param name="Status">Progress shown before the time (<c>2.10MB / 3.00MB</c>) when there is room, or null.</param>
/// <param name="Timer">The right-aligned time (<c>0.3s</c>), dropped on a narrow terminal, or null.</param>
/// <param name="Style">Its colour.</param>
internal readonly record struct TtyRow(string Prefix, string Text, string? Status, string? Timer, Style Style)
{
    /// <summary>The name gets at least this many cells before the status and the time are dropped (as in BuildKit).</summary>
    public const int MinimumTextWidth = 12;

    /// <summary>The row laid out in <paramref name="width"/> cells.</summary>
    public string Layout(int width, bool unicode)
    {
        var timer = Timer is null ? string.Empty : " " + Timer;
        var left = width - TerminalText.Width(Prefix) - TerminalText.Width(timer);
        if (left < MinimumTextWidth)
        {
            // Too narrow for columns: the name alone, cut at the edge.
            return TerminalText.Crop(Prefix + Text, width, unicode);
        }

        var text = Text;
        if (Status is { Length: > 0 } status && left - TerminalText.Width(status) - 1 >= MinimumTextWidth)
        {
            left -= TerminalText.Width(status) + 1;
            text = TerminalText.Crop(text, left, unicode) + " " + status;
        }
        else
        {
            text = TerminalText.Crop(text, left, unicode);
        }

        return TerminalText.Pad(Prefix + text, width - TerminalText.Width(timer)) + timer;
    }
}
