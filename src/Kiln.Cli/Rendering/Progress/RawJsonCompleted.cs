using System.Text.Json.Serialization;

namespace Kiln.Cli.Rendering.Progress;

/// <summary>The rawjson line of <see cref="Kiln.Build.Progress.StepCompleted"/> (<c>"type":"completed"</c>; docs/progress-rawjson.md).</summary>
internal sealed record RawJsonCompleted(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("time")] string Time,
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("cached")] bool Cached,
    [property: JsonPropertyName("duration_seconds")] double DurationSeconds,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("canceled")] bool Canceled);
