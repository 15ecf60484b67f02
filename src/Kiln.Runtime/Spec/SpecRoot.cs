using System.Text.Json.Serialization;

namespace Kiln.Runtime.Spec;

/// <summary>The container's root filesystem (runtime-spec <c>root</c>): an absolute path to the mounted snapshot.</summary>
public sealed record SpecRoot
{
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    [JsonPropertyName("readonly")]
    public bool ReadOnly { get; init; }
}
