using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using Kiln.Build.Progress;

namespace Kiln.Cli.Rendering.Progress;

/// <summary>
/// <c>--progress=rawjson</c> (CLI-PROGRESS): one compact JSON object per event and line, in the order the events
/// were reported, for programs and tests (cache hits, steps overlapping in time). The schema is documented in
/// docs/progress-rawjson.md and kept stable: a <c>"type"</c>, an ISO-8601 UTC <c>"time"</c> with 7 fractional
/// digits, then the event's fields, null ones included.
/// </summary>
internal sealed class RawJsonProgressRenderer : IProgressRenderer
{
    private readonly TextWriter writer;
    private readonly ProgressPump pump;
    private readonly ArrayBufferWriter<byte> buffer = new(1024);
    private readonly Utf8JsonWriter json;
    private readonly Lock completion = new();
    private Task? completed;

    public RawJsonProgressRenderer(TextWriter writer, ProgressRendererOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        this.writer = writer;
        // Relaxed escaping keeps log text readable (é, <, >); control characters and invalid text are still escaped.
        json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        pump = new ProgressPump(Handle, (options ?? new ProgressRendererOptions()).TimeProvider);
    }

    public void Report(BuildEvent buildEvent) => pump.Post(buildEvent);

    public Task CompleteAsync()
    {
        lock (completion)
        {
            return completed ??= FinishAsync();
        }
    }

    public async ValueTask DisposeAsync() => await CompleteAsync().ConfigureAwait(false);

    /// <summary>The time as written: UTC, <c>2025-01-02T03:04:05.1234567Z</c>.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private async Task FinishAsync()
    {
        await pump.CompleteAsync().ConfigureAwait(false);
        await json.DisposeAsync().ConfigureAwait(false);
    }

    private void Handle(QueuedEvent item)
    {
        var e = item.Event;
        switch (e)
        {
            case StepStarted s:
                Write(new RawJsonStarted("started", FormatTime(s.Time), s.Id, s.Name, s.Stage, s.StepIndex), RawJsonContext.Default.RawJsonStarted);
                break;
            case StepCompleted c:
                Write(new RawJsonCompleted("completed", FormatTime(c.Time), c.Id, c.Cached, c.Duration.TotalSeconds, c.Error, c.Canceled), RawJsonContext.Default.RawJsonCompleted);
                break;
            case StepLog l:
                var data = l.Data.ToArray();
                var text = Utf8.IsValid(data) ? Encoding.UTF8.GetString(data) : null;
                Write(new RawJsonLog("log", FormatTime(l.Time), l.Id, l.Stream, data, text), RawJsonContext.Default.RawJsonLog);
                break;
            case StepStatus st:
                Write(new RawJsonStatus("status", FormatTime(st.Time), st.Id, st.Item, st.Current, st.Total, st.Completed), RawJsonContext.Default.RawJsonStatus);
                break;
            case CacheExplanation x:
                Write(new RawJsonCacheExplanation("cache_explanation", FormatTime(x.Time), x.Id, x.Reasons), RawJsonContext.Default.RawJsonCacheExplanation);
                break;
            case BuildWarning w:
                Write(new RawJsonWarning("warning", FormatTime(w.Time), w.Message, w.Detail, w.Url), RawJsonContext.Default.RawJsonWarning);
                break;
            case BuildFinished f:
                Write(new RawJsonFinished("finished", FormatTime(f.Time), f.Duration.TotalSeconds, f.ImageId, f.Error, f.Canceled), RawJsonContext.Default.RawJsonFinished);
                break;
            default:
                // Ticks and event types this version does not know.
                break;
        }
    }

    private void Write<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        buffer.ResetWrittenCount();
        json.Reset();
        JsonSerializer.Serialize(json, value, typeInfo);
        json.Flush();
        writer.Write(Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n");
        writer.Flush();
    }
}
