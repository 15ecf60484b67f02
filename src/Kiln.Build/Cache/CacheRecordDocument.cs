using System.Text.Json.Serialization;
using Kiln.Oci;

namespace Kiln.Build.Cache;

/// <summary>The JSON form of a <see cref="CacheRecord"/> in <c>cache/records/</c>, tagged with the key schema.</summary>
internal sealed record CacheRecordDocument(
    [property: JsonPropertyName("schema")] string Schema,
    [property: JsonPropertyName("key")] Digest Key,
    [property: JsonPropertyName("layer")] Descriptor? Layer,
    [property: JsonPropertyName("diffId")] Digest? DiffId,
    [property: JsonPropertyName("created")] DateTimeOffset Created,
    [property: JsonPropertyName("lastUsed")] DateTimeOffset LastUsed,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("metadata")] IReadOnlyDictionary<string, string>? Metadata);
