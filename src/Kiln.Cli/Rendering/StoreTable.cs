using System.Text;

namespace Kiln.Cli.Rendering;

/// <summary>
/// A text table laid out as Docker's CLI does with Go's <c>tabwriter</c> (minimum cell width 10, padding 3, spaces):
/// every column but the last is padded to <c>max(10, widest cell + 3)</c>.
/// </summary>
internal sealed class StoreTable(params string[] headers)
{
    private const int MinWidth = 10;
    private const int Padding = 3;

    private readonly List<string[]> _rows = [headers];

    /// <summary>Adds a row; it must have as many cells as there are headers.</summary>
    public void Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"expected {headers.Length} cells, got {cells.Length}", nameof(cells));
        }

        _rows.Add(cells);
    }

    /// <summary>The table, one line per row, each ending in a newline.</summary>
    public override string ToString()
    {
        var widths = new int[headers.Length];
        for (var c = 0; c < headers.Length - 1; c++)
        {
            widths[c] = Math.Max(MinWidth, _rows.Max(r => r[c].Length) + Padding);
        }

        var text = new StringBuilder();
        foreach (var row in _rows)
        {
            for (var c = 0; c < row.Length - 1; c++)
            {
                text.Append(row[c].PadRight(widths[c]));
            }

            text.Append(row[^1]).Append('\n');
        }

        return text.ToString();
    }
}
