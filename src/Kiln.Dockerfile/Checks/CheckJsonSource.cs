namespace Kiln.Dockerfile.Checks;

/// <summary>A source file the findings of a <see cref="CheckJsonReport"/> point into (BuildKit's <c>pb.SourceInfo</c>).</summary>
public sealed record CheckJsonSource
{
    public required string Filename { get; init; }

    public string Language { get; init; } = "Dockerfile";

    /// <summary>The file's bytes (serialised as base64, like Go's <c>[]byte</c>).</summary>
    public byte[]? Data { get; init; }
}
