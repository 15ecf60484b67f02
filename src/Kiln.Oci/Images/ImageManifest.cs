using System.Text.Json.Serialization;
using Kiln.Oci.Json;

namespace Kiln.Oci.Images;

/// <summary>
/// A single-platform image manifest: config descriptor plus ordered layer descriptors (OCI image-spec v1.1
/// manifest.md; Docker image manifest v2 schema 2 has the same shape with Docker media types).
/// JSON order as Go writes it: <c>schemaVersion, mediaType, artifactType, config, layers, subject, annotations</c>.
/// </summary>
public sealed record ImageManifest
{
    /// <summary>Creates a manifest; <paramref name="mediaType"/> is normally <see cref="MediaTypes.OciImageManifest"/> or <see cref="MediaTypes.DockerManifest"/>.</summary>
    [JsonConstructor]
    public ImageManifest(string? mediaType, Descriptor config, IReadOnlyList<Descriptor>? layers)
    {
        ArgumentNullException.ThrowIfNull(config);
        MediaType = mediaType;
        Config = config;
        Layers = layers ?? [];
    }

    /// <summary>Always 2 for both OCI and Docker schema 2 manifests.</summary>
    [JsonPropertyName("schemaVersion")]
    [JsonPropertyOrder(0)]
    public int SchemaVersion { get; init; } = 2;

    [JsonPropertyName("mediaType")]
    [JsonPropertyOrder(1)]
    public string? MediaType { get; init => field = OmitEmpty.String(value); }

    /// <summary>The artifact type, for artifacts whose config is the empty descriptor.</summary>
    [JsonPropertyName("artifactType")]
    [JsonPropertyOrder(2)]
    public string? ArtifactType { get; init => field = OmitEmpty.String(value); }

    [JsonPropertyName("config")]
    [JsonPropertyOrder(3)]
    public Descriptor Config { get; init; }

    /// <summary>Layers from bottom to top; always written, <c>[]</c> when empty.</summary>
    [JsonPropertyName("layers")]
    [JsonPropertyOrder(4)]
    public IReadOnlyList<Descriptor> Layers { get; init => field = value ?? []; }

    /// <summary>The manifest this one refers to (referrers API), e.g. the image an attestation describes.</summary>
    [JsonPropertyName("subject")]
    [JsonPropertyOrder(5)]
    public Descriptor? Subject { get; init; }

    [JsonPropertyName("annotations")]
    [JsonPropertyOrder(6)]
    [JsonConverter(typeof(SortedStringMapConverter))]
    public IReadOnlyDictionary<string, string>? Annotations { get; init => field = OmitEmpty.Map(value); }
}
