using System.Text.Json.Serialization;

namespace Kiln.Distribution.Http;

/// <summary>The JSON shape of <c>registries.json</c> (docs/registries.md).</summary>
internal sealed record RegistriesConfigFile
{
    [JsonPropertyName("insecureRegistries")]
    public IReadOnlyList<string>? InsecureRegistries { get; init; }

    [JsonPropertyName("plainHttpRegistries")]
    public IReadOnlyList<string>? PlainHttpRegistries { get; init; }

    [JsonPropertyName("certDirectories")]
    public IReadOnlyList<string>? CertDirectories { get; init; }

    [JsonPropertyName("loopbackHttpFallback")]
    public bool? LoopbackHttpFallback { get; init; }
}
