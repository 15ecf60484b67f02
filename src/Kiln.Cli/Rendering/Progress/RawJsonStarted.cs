using System.Text.Json.Serialization;

namespace Kiln.Cli.Rendering.Progress;

/// <summary>The rawjson line of <see cref="Kiln.Build.Progress.StepStarted"/> (<c>"type":"started"</c>; docs/progress-rawjson.md).</summary>
internal sealed record RawJsonStarted(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("time")] string Time,
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("stage")] string? Stage,
    [property: JsonPropertyName("step_index")] int? StepIndex);
