using System.Text.Json.Serialization;

namespace Kiln.Build.Cache.Sharing;

/// <summary>
/// The config blob of a cache manifest (docs/cache-format.md), also the text of an inline cache annotation: the schema,
/// the cache-key schema the records were keyed with (records of another key schema can never hit), the records, and the
/// RUN cache mounts exported with <c>mounts=true</c>.
/// </summary>
public sealed record CacheConfigDocument(
    [property: JsonPropertyName("schema")] string Schema,
    [property: JsonPropertyName("keySchema")] string KeySchema,
    [property: JsonPropertyName("records")] IReadOnlyList<SharedCacheRecordDocument> Records,
    [property: JsonPropertyName("mounts")] IReadOnlyList<SharedCacheMountDocument>? Mounts);
