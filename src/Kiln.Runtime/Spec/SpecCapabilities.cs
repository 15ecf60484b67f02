using System.Text.Json.Serialization;

namespace Kiln.Runtime.Spec;

/// <summary>The capability sets of the process (runtime-spec <c>process.capabilities</c>), names like <c>CAP_CHOWN</c>.</summary>
public sealed record SpecCapabilities
{
    [JsonPropertyName("bounding")]
    public IReadOnlyList<string> Bounding { get; init; } = [];

    [JsonPropertyName("effective")]
    public IReadOnlyList<string> Effective { get; init; } = [];

    [JsonPropertyName("permitted")]
    public IReadOnlyList<string> Permitted { get; init; } = [];
}
