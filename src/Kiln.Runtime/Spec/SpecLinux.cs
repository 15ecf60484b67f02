using System.Text.Json.Serialization;

namespace Kiln.Runtime.Spec;

/// <summary>The Linux section (runtime-spec <c>config-linux.md</c>): namespaces and masked / read-only paths.</summary>
public sealed record SpecLinux
{
    [JsonPropertyName("namespaces")]
    public IReadOnlyList<SpecNamespace> Namespaces { get; init; } = [];

    [JsonPropertyName("maskedPaths")]
    public IReadOnlyList<string> MaskedPaths { get; init; } = [];

    [JsonPropertyName("readonlyPaths")]
    public IReadOnlyList<string> ReadonlyPaths { get; init; } = [];
}
