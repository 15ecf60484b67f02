using System.Text.Json.Serialization;

namespace Kiln.Runtime.Spec;

/// <summary>
/// The <c>config.json</c> of an OCI runtime bundle (runtime-spec <c>config.md</c>): the parts Kiln sets. Written with
/// <see cref="RuntimeJsonContext"/>; nulls are omitted.
/// </summary>
public sealed record RuntimeSpec
{
    [JsonPropertyName("ociVersion")]
    public string OciVersion { get; init; } = "1.0.2";

    [JsonPropertyName("process")]
    public required SpecProcess Process { get; init; }

    [JsonPropertyName("root")]
    public required SpecRoot Root { get; init; }

    [JsonPropertyName("hostname")]
    public string? Hostname { get; init; }

    [JsonPropertyName("mounts")]
    public IReadOnlyList<SpecMount> Mounts { get; init; } = [];

    [JsonPropertyName("linux")]
    public required SpecLinux Linux { get; init; }
}
