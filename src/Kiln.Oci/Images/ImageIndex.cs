using System.Text.Json.Serialization;
using Kiln.Oci.Json;

namespace Kiln.Oci.Images;

/// <summary>
/// A multi-platform image index (OCI image-spec v1.1 image-index.md) or Docker manifest list: descriptors of
/// manifests, each normally with a <see cref="Descriptor.Platform"/>. Feature DF-IMG-MULTIPLATFORM.
/// JSON order: <c>schemaVersion, mediaType, artifactType, manifests, subject, annotations</c>.
/// </summary>
public sealed record ImageIndex
{
    /// <summary>Creates an index; <paramref name="mediaType"/> is normally <see cref="MediaTypes.OciImageIndex"/> or <see cref="MediaTypes.DockerManifestList"/>.</summary>
    [JsonConstructor]
    public ImageIndex(string? mediaType, IReadOnlyList<Descriptor>? manifests)
    {
        MediaType = mediaType;
        Manifests = manifests ?? [];
    }

    [JsonPropertyName("schemaVersion")]
    [JsonPropertyOrder(0)]
    public int SchemaVersion { get; init; } = 2;

    [JsonPropertyName("mediaType")]
    [JsonPropertyOrder(1)]
    public string? MediaType { get; init => field = OmitEmpty.String(value); }

    [JsonPropertyName("artifactType")]
    [JsonPropertyOrder(2)]
    public string? ArtifactType { get; init => field = OmitEmpty.String(value); }

    /// <summary>The manifests; always written, <c>[]</c> when empty.</summary>
    [JsonPropertyName("manifests")]
    [JsonPropertyOrder(3)]
    public IReadOnlyList<Descriptor> Manifests { get; init => field = value ?? []; }

    [JsonPropertyName("subject")]
    [JsonPropertyOrder(4)]
    public Descriptor? Subject { get; init; }

    [JsonPropertyName("annotations")]
    [JsonPropertyOrder(5)]
    [JsonConverter(typeof(SortedStringMapConverter))]
    public IReadOnlyDictionary<string, string>? Annotations { get; init => field = OmitEmpty.Map(value); }
}
