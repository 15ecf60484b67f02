using System.Text.Json.Serialization;

namespace Kiln.Build.Cache;

/// <summary>The JSON form of the last key parts seen for one step identity (<c>cache/steps/</c>), for <c>--explain-cache</c>.</summary>
internal sealed record CacheStepDocument(
    [property: JsonPropertyName("schema")] string Schema,
    [property: JsonPropertyName("identity")] string Identity,
    [property: JsonPropertyName("parts")] IReadOnlyList<CacheKeyPartDocument> Parts);
