namespace Kiln.Dockerfile.Diagnostics;

/// <summary>A 1-based line and column in a source file (column counts UTF-16 chars of the physical line).</summary>
public readonly record struct SourcePosition(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}
