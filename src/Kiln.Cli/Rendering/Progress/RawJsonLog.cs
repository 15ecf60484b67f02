using System.Text.Json.Serialization;

namespace Kiln.Cli.Rendering.Progress;

/// <summary>
/// The rawjson line of <see cref="Kiln.Build.Progress.StepLog"/> (<c>"type":"log"</c>; docs/progress-rawjson.md):
/// the chunk as written, base64 in <c>data</c>, and in <c>text</c> when it is valid UTF-8 (else null).
/// </summary>
internal sealed record RawJsonLog(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("time")] string Time,
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("stream")] int Stream,
    [property: JsonPropertyName("data")] byte[] Data,
    [property: JsonPropertyName("text")] string? Text);
