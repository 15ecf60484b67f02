namespace Kiln.Dockerfile.Checks;

/// <summary>A range in a <see cref="CheckJsonLocation"/> (BuildKit's <c>pb.Range</c>).</summary>
public sealed record CheckJsonRange(CheckJsonPosition Start, CheckJsonPosition End);
