using System.Text.Json.Serialization;

namespace Kiln.Build.Outputs;

/// <summary>The <c>containerimage.descriptor</c> object of the metadata file, keys sorted as buildx (a Go map) writes them.</summary>
internal sealed record MetadataDescriptorDocument
{
    [JsonPropertyName("annotations")]
    public SortedDictionary<string, string>? Annotations { get; init; }

    [JsonPropertyName("digest")]
    public required string Digest { get; init; }

    [JsonPropertyName("mediaType")]
    public required string MediaType { get; init; }

    [JsonPropertyName("size")]
    public long Size { get; init; }
}
