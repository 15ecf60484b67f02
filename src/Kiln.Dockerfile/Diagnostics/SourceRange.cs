namespace Kiln.Dockerfile.Diagnostics;

/// <summary>An inclusive range of source positions, used to point errors and findings at Dockerfile text.</summary>
public readonly record struct SourceRange(SourcePosition Start, SourcePosition End)
{
    /// <summary>A range covering whole lines <paramref name="startLine"/> to <paramref name="endLine"/>.</summary>
    public static SourceRange Lines(int startLine, int endLine) => new(new(startLine, 1), new(endLine, 1));

    /// <summary>A range on one line from <paramref name="column"/> spanning <paramref name="length"/> chars.</summary>
    public static SourceRange OnLine(int line, int column, int length) =>
        new(new(line, column), new(line, column + Math.Max(length, 1) - 1));

    public override string ToString() => Start.Line == End.Line ? $"{Start}" : $"{Start}-{End}";
}
