namespace Kiln.Dockerfile.Checks;

/// <summary>A position in a <see cref="CheckJsonRange"/>: 1-based line and 0-based character (omitted when 0, as protobuf JSON does).</summary>
public sealed record CheckJsonPosition(int Line, int? Character);
