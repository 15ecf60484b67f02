using System.Text.Json.Serialization;

namespace Kiln.Cli.Rendering.Progress;

/// <summary>The rawjson line of <see cref="Kiln.Build.Progress.BuildFinished"/> (<c>"type":"finished"</c>; docs/progress-rawjson.md).</summary>
internal sealed record RawJsonFinished(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("time")] string Time,
    [property: JsonPropertyName("duration_seconds")] double DurationSeconds,
    [property: JsonPropertyName("image_id")] string? ImageId,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("canceled")] bool Canceled);
