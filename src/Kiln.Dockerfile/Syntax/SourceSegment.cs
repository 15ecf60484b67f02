namespace Kiln.Dockerfile.Syntax;

/// <summary>
/// Where a piece of a joined logical line came from: the piece starting at <see cref="Offset"/> in the
/// joined text begins at physical <see cref="Line"/>, <see cref="Column"/> (DF-LEX-LOCATION).
/// </summary>
internal readonly record struct SourceSegment(int Offset, int Line, int Column);
