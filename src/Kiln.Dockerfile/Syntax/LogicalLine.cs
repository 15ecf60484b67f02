using System.Text;
using Kiln.Dockerfile.Diagnostics;

namespace Kiln.Dockerfile.Syntax;

/// <summary>
/// An instruction's logical line being assembled from physical lines (DF-LEX-CONT*), remembering where
/// every piece came from so an offset in the joined text maps back to a line and column for errors.
/// </summary>
internal sealed class LogicalLine
{
    private readonly StringBuilder _text = new();
    private readonly List<SourceSegment> _segments = [];

    public int Length => _text.Length;

    public void Clear()
    {
        _text.Clear();
        _segments.Clear();
    }

    /// <summary>Appends <paramref name="part"/>, which starts at physical <paramref name="line"/> and 1-based <paramref name="column"/>.</summary>
    public void Append(ReadOnlySpan<char> part, int line, int column)
    {
        _segments.Add(new SourceSegment(_text.Length, line, column));
        _text.Append(part);
    }

    public override string ToString() => _text.ToString();

    /// <summary>The physical position of the character at <paramref name="offset"/> of the joined text.</summary>
    public SourcePosition PositionOf(int offset)
    {
        if (_segments.Count == 0)
        {
            return new SourcePosition(1, 1);
        }

        var index = _segments.Count - 1;
        while (index > 0 && _segments[index].Offset > offset)
        {
            index--;
        }

        var segment = _segments[index];
        return new SourcePosition(segment.Line, segment.Column + Math.Max(0, offset - segment.Offset));
    }
}
