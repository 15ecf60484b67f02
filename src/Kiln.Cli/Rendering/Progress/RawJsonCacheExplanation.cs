using System.Text.Json.Serialization;

namespace Kiln.Cli.Rendering.Progress;

/// <summary>The rawjson line of <see cref="Kiln.Build.Progress.CacheExplanation"/> (<c>"type":"cache_explanation"</c>; docs/progress-rawjson.md).</summary>
internal sealed record RawJsonCacheExplanation(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("time")] string Time,
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("reasons")] IReadOnlyList<string> Reasons);
