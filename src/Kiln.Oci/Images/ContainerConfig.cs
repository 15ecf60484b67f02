using System.Text.Json.Serialization;
using Kiln.Oci.Json;

namespace Kiln.Oci.Images;

/// <summary>
/// The execution defaults of an image, the <c>config</c> object of an image config (OCI image-spec v1.1
/// config.md <c>ImageConfig</c> extended with Docker's <c>Healthcheck</c>, <c>OnBuild</c>, <c>Shell</c> as in moby's
/// docker-image-spec; feature DF-IMG-CONFIG). JSON names are Docker's capitalised ones, in Go struct order:
/// <c>User, ExposedPorts, Env, Entrypoint, Cmd, Volumes, WorkingDir, Labels, StopSignal, ArgsEscaped,
/// Healthcheck, OnBuild, Shell</c>. Empty values are omitted, except <see cref="Entrypoint"/> and <see cref="Cmd"/>:
/// null means "not set" (omitted), an empty list means "explicitly empty" and is written as <c>[]</c>.
/// </summary>
public sealed record ContainerConfig
{
    /// <summary>An empty config.</summary>
    public static ContainerConfig Empty { get; } = new();

    /// <summary>User name or UID, optionally with <c>:group</c>.</summary>
    [JsonPropertyName("User")]
    [JsonPropertyOrder(0)]
    public string? User { get; init => field = OmitEmpty.String(value); }

    /// <summary>Ports such as <c>80/tcp</c> (a Go set: <c>{"80/tcp":{}}</c>).</summary>
    [JsonPropertyName("ExposedPorts")]
    [JsonPropertyOrder(1)]
    [JsonConverter(typeof(EmptyObjectSetConverter))]
    public IReadOnlyList<string>? ExposedPorts { get; init => field = OmitEmpty.List(value); }

    /// <summary><c>NAME=value</c> entries in order.</summary>
    [JsonPropertyName("Env")]
    [JsonPropertyOrder(2)]
    public IReadOnlyList<string>? Env { get; init => field = OmitEmpty.List(value); }

    /// <summary>null = not set; empty = explicitly cleared (<c>ENTRYPOINT []</c>).</summary>
    [JsonPropertyName("Entrypoint")]
    [JsonPropertyOrder(3)]
    public IReadOnlyList<string>? Entrypoint { get; init; }

    /// <summary>null = not set; empty = explicitly cleared (<c>CMD []</c>).</summary>
    [JsonPropertyName("Cmd")]
    [JsonPropertyOrder(4)]
    public IReadOnlyList<string>? Cmd { get; init; }

    /// <summary>Volume paths (a Go set).</summary>
    [JsonPropertyName("Volumes")]
    [JsonPropertyOrder(5)]
    [JsonConverter(typeof(EmptyObjectSetConverter))]
    public IReadOnlyList<string>? Volumes { get; init => field = OmitEmpty.List(value); }

    [JsonPropertyName("WorkingDir")]
    [JsonPropertyOrder(6)]
    public string? WorkingDir { get; init => field = OmitEmpty.String(value); }

    [JsonPropertyName("Labels")]
    [JsonPropertyOrder(7)]
    [JsonConverter(typeof(SortedStringMapConverter))]
    public IReadOnlyDictionary<string, string>? Labels { get; init => field = OmitEmpty.Map(value); }

    [JsonPropertyName("StopSignal")]
    [JsonPropertyOrder(8)]
    public string? StopSignal { get; init => field = OmitEmpty.String(value); }

    /// <summary>Windows-only meaning; BuildKit sets it for shell-form CMD/ENTRYPOINT.</summary>
    [JsonPropertyName("ArgsEscaped")]
    [JsonPropertyOrder(9)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ArgsEscaped { get; init; }

    [JsonPropertyName("Healthcheck")]
    [JsonPropertyOrder(10)]
    public HealthConfig? Healthcheck { get; init; }

    /// <summary>ONBUILD triggers, each the raw instruction text.</summary>
    [JsonPropertyName("OnBuild")]
    [JsonPropertyOrder(11)]
    public IReadOnlyList<string>? OnBuild { get; init => field = OmitEmpty.List(value); }

    /// <summary>The shell for shell-form instructions (SHELL).</summary>
    [JsonPropertyName("Shell")]
    [JsonPropertyOrder(12)]
    public IReadOnlyList<string>? Shell { get; init => field = OmitEmpty.List(value); }

    /// <summary>Value equality, comparing lists and maps element by element.</summary>
    public bool Equals(ContainerConfig? other) =>
        other is not null
        && User == other.User
        && Same(ExposedPorts, other.ExposedPorts)
        && Same(Env, other.Env)
        && Same(Entrypoint, other.Entrypoint)
        && Same(Cmd, other.Cmd)
        && Same(Volumes, other.Volumes)
        && WorkingDir == other.WorkingDir
        && SameMap(Labels, other.Labels)
        && StopSignal == other.StopSignal
        && ArgsEscaped == other.ArgsEscaped
        && Equals(Healthcheck, other.Healthcheck)
        && Same(OnBuild, other.OnBuild)
        && Same(Shell, other.Shell);

    public override int GetHashCode() => HashCode.Combine(User, WorkingDir, StopSignal, ArgsEscaped, Env?.Count, Cmd?.Count);

    private static bool Same(IReadOnlyList<string>? a, IReadOnlyList<string>? b) =>
        a is null ? b is null : b is not null && a.SequenceEqual(b);

    private static bool SameMap(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b) =>
        a is null ? b is null
        : b is not null && a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
