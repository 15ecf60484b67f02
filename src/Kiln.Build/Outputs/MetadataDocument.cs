using System.Text.Json.Serialization;

namespace Kiln.Build.Outputs;

/// <summary>The JSON shape of the metadata file (CLI-METADATA-FILE); properties in buildx's (sorted) key order.</summary>
internal sealed record MetadataDocument
{
    [JsonPropertyName("buildx.build.ref")]
    public string? BuildRef { get; init; }

    [JsonPropertyName("containerimage.config.digest")]
    public string? ConfigDigest { get; init; }

    [JsonPropertyName("containerimage.descriptor")]
    public MetadataDescriptorDocument? Descriptor { get; init; }

    [JsonPropertyName("containerimage.digest")]
    public string? ImageDigest { get; init; }

    [JsonPropertyName("image.name")]
    public string? ImageName { get; init; }
}
