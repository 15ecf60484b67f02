namespace Kiln.Dockerfile.Checks;

/// <summary>Where a <see cref="CheckJsonWarning"/> points: an index into <see cref="CheckJsonReport.Sources"/> and line ranges.</summary>
public sealed record CheckJsonLocation
{
    public required int SourceIndex { get; init; }

    public required IReadOnlyList<CheckJsonRange> Ranges { get; init; }
}
