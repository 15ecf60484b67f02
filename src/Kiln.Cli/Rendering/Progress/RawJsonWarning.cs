using System.Text.Json.Serialization;

namespace Kiln.Cli.Rendering.Progress;

/// <summary>The rawjson line of <see cref="Kiln.Build.Progress.BuildWarning"/> (<c>"type":"warning"</c>; docs/progress-rawjson.md).</summary>
internal sealed record RawJsonWarning(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("time")] string Time,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("detail")] string? Detail,
    [property: JsonPropertyName("url")] string? Url);
