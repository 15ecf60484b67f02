using System.Text.Json.Serialization;

namespace Kiln.Runtime.Spec;

/// <summary>The container's process (runtime-spec <c>process</c>): argv, environment, working directory, user, capabilities.</summary>
public sealed record SpecProcess
{
    [JsonPropertyName("terminal")]
    public bool Terminal { get; init; }

    [JsonPropertyName("user")]
    public required SpecUser User { get; init; }

    [JsonPropertyName("args")]
    public required IReadOnlyList<string> Args { get; init; }

    [JsonPropertyName("env")]
    public IReadOnlyList<string> Env { get; init; } = [];

    [JsonPropertyName("cwd")]
    public required string Cwd { get; init; }

    [JsonPropertyName("capabilities")]
    public SpecCapabilities? Capabilities { get; init; }

    [JsonPropertyName("noNewPrivileges")]
    public bool NoNewPrivileges { get; init; }
}
