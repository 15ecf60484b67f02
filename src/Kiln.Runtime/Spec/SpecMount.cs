using System.Text.Json.Serialization;

namespace Kiln.Runtime.Spec;

/// <summary>One mount inside the container (runtime-spec <c>mounts[]</c>).</summary>
public sealed record SpecMount
{
    [JsonPropertyName("destination")]
    public required string Destination { get; init; }

    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("source")]
    public required string Source { get; init; }

    [JsonPropertyName("options")]
    public IReadOnlyList<string>? Options { get; init; }
}
