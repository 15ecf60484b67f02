using System.Text.Json.Serialization;
using Kiln.Oci.Json;

namespace Kiln.Oci.Images;

/// <summary>
/// One entry of an image config's <c>history</c> (OCI image-spec v1.1 config.md): what created a layer, or a
/// metadata-only step when <see cref="EmptyLayer"/> is set. Order: <c>created, created_by, author, comment, empty_layer</c>.
/// </summary>
public sealed record HistoryEntry
{
    [JsonPropertyName("created")]
    [JsonPropertyOrder(0)]
    [JsonConverter(typeof(GoTimeConverter))]
    public DateTimeOffset? Created { get; init; }

    /// <summary>The instruction, e.g. <c>RUN /bin/sh -c apt-get update # buildkit</c>.</summary>
    [JsonPropertyName("created_by")]
    [JsonPropertyOrder(1)]
    public string? CreatedBy { get; init => field = OmitEmpty.String(value); }

    [JsonPropertyName("author")]
    [JsonPropertyOrder(2)]
    public string? Author { get; init => field = OmitEmpty.String(value); }

    /// <summary>BuildKit writes <c>buildkit.dockerfile.v0</c>.</summary>
    [JsonPropertyName("comment")]
    [JsonPropertyOrder(3)]
    public string? Comment { get; init => field = OmitEmpty.String(value); }

    /// <summary>True when the step produced no layer (ENV, CMD, ...).</summary>
    [JsonPropertyName("empty_layer")]
    [JsonPropertyOrder(4)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool EmptyLayer { get; init; }
}
