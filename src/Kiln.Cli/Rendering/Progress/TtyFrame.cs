using Spectre.Console;
using Spectre.Console.Rendering;

namespace Kiln.Cli.Rendering.Progress;

/// <summary>
/// One picture of the terminal view, immutable (drawn by Spectre.Console's live display on its own thread): the
/// <c>[+] Building 3.2s (5/8)</c> line and a row per step, status item, cache-miss reason and log line, each laid
/// out to the width it is given minus one cell (as BuildKit does, so a full row never wraps).
/// </summary>
internal sealed class TtyFrame(string header, Style headerStyle, IReadOnlyList<TtyRow> rows, bool unicode) : IRenderable
{
    public IReadOnlyList<TtyRow> Rows { get; } = rows;

    public Measurement Measure(RenderOptions options, int maxWidth) => new(Math.Min(1, maxWidth), maxWidth);

    public IEnumerable<Segment> Render(RenderOptions options, int maxWidth)
    {
        var width = Math.Max(1, maxWidth - 1);
        yield return new Segment(TerminalText.Crop(header, width, unicode), headerStyle);
        foreach (var row in Rows)
        {
            yield return Segment.LineBreak;
            yield return new Segment(row.Layout(width, unicode), row.Style);
        }
    }

    /// <summary>The frame as plain lines at <paramref name="width"/> cells (tests, logs).</summary>
    public IEnumerable<string> Lines(int width)
    {
        var content = Math.Max(1, width - 1);
        yield return TerminalText.Crop(header, content, unicode);
        foreach (var row in Rows)
        {
            yield return row.Layout(content, unicode);
        }
    }
}
