namespace Kiln.Dockerfile.Checks;

/// <summary>The failure of a <see cref="CheckJsonReport"/> (BuildKit's <c>buildError</c>): message and optional location.</summary>
public sealed record CheckJsonError
{
    public required string Message { get; init; }

    public CheckJsonLocation? Location { get; init; }
}
