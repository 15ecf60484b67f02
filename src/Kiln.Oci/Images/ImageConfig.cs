using System.Text.Json.Serialization;
using Kiln.Oci.Json;

namespace Kiln.Oci.Images;

/// <summary>
/// An image configuration blob (OCI image-spec v1.1 config.md, media type <c>application/vnd.oci.image.config.v1+json</c>
/// or Docker's <c>application/vnd.docker.container.image.v1+json</c>): platform, execution defaults, rootfs DiffIDs and
/// history. Feature DF-IMG-CONFIG. Top-level keys are written in sorted order because BuildKit's exporter re-marshals
/// the config through a Go map (<c>architecture, author, config, created, history, os, os.features, os.version, rootfs,
/// variant</c>); <c>architecture</c>, <c>os</c>, <c>config</c> and <c>rootfs</c> are always written.
/// </summary>
public sealed record ImageConfig
{
    /// <summary>Creates a config for a platform given as GOARCH/GOOS strings.</summary>
    [JsonConstructor]
    public ImageConfig(string architecture, string os)
    {
        Architecture = architecture ?? string.Empty;
        OS = os ?? string.Empty;
    }

    /// <summary>Creates a config for <paramref name="platform"/>.</summary>
    public ImageConfig(Platform platform)
        : this(platform?.Architecture!, platform?.OS!)
    {
        ArgumentNullException.ThrowIfNull(platform);
        Variant = platform.Variant;
        OSVersion = platform.OSVersion;
        OSFeatures = platform.OSFeatures;
    }

    [JsonPropertyName("architecture")]
    [JsonPropertyOrder(0)]
    public string Architecture { get; init => field = value ?? string.Empty; }

    [JsonPropertyName("author")]
    [JsonPropertyOrder(1)]
    public string? Author { get; init => field = OmitEmpty.String(value); }

    /// <summary>The execution defaults; always written (<c>{}</c> when empty).</summary>
    [JsonPropertyName("config")]
    [JsonPropertyOrder(2)]
    public ContainerConfig Config { get; init => field = value ?? ContainerConfig.Empty; } = ContainerConfig.Empty;

    [JsonPropertyName("created")]
    [JsonPropertyOrder(3)]
    [JsonConverter(typeof(GoTimeConverter))]
    public DateTimeOffset? Created { get; init; }

    [JsonPropertyName("history")]
    [JsonPropertyOrder(4)]
    public IReadOnlyList<HistoryEntry>? History { get; init => field = OmitEmpty.List(value); }

    [JsonPropertyName("os")]
    [JsonPropertyOrder(5)]
    public string OS { get; init => field = value ?? string.Empty; }

    [JsonPropertyName("os.features")]
    [JsonPropertyOrder(6)]
    public IReadOnlyList<string>? OSFeatures { get; init => field = OmitEmpty.List(value); }

    [JsonPropertyName("os.version")]
    [JsonPropertyOrder(7)]
    public string? OSVersion { get; init => field = OmitEmpty.String(value); }

    /// <summary>Layer DiffIDs; always written.</summary>
    [JsonPropertyName("rootfs")]
    [JsonPropertyOrder(8)]
    public RootFs RootFs { get; init => field = value ?? new RootFs(); } = new();

    [JsonPropertyName("variant")]
    [JsonPropertyOrder(9)]
    public string? Variant { get; init => field = OmitEmpty.String(value); }

    /// <summary>The platform this config declares.</summary>
    [JsonIgnore]
    public Platform Platform => new(OS, Architecture, Variant) { OSVersion = OSVersion, OSFeatures = OSFeatures };
}
