using System.Text.Json.Serialization;

namespace Kiln.Cli.Rendering.Progress;

/// <summary>The rawjson line of <see cref="Kiln.Build.Progress.StepStatus"/> (<c>"type":"status"</c>; docs/progress-rawjson.md).</summary>
internal sealed record RawJsonStatus(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("time")] string Time,
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("item")] string Item,
    [property: JsonPropertyName("current")] long Current,
    [property: JsonPropertyName("total")] long? Total,
    [property: JsonPropertyName("completed")] bool Completed);
