using System.Text.Json;
using Kiln.Build.Progress;
using Kiln.Cli.Rendering.Progress;
using static Kiln.Cli.Tests.Progress.Events;

namespace Kiln.Cli.Tests.Progress;

/// <summary><c>--progress=rawjson</c>: one parseable object per event and line, the schema of docs/progress-rawjson.md.</summary>
public sealed class RawJsonProgressRendererTests
{
    private static async Task<List<JsonElement>> RenderAsync(params BuildEvent[] events)
    {
        var writer = new LockedStringWriter();
        var renderer = new RawJsonProgressRenderer(writer);
        foreach (var e in events)
        {
            renderer.Report(e);
        }

        await renderer.CompleteAsync();
        var text = writer.ToString();
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        return text[..^1].Split('\n').Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
    }

    private static string[] Keys(JsonElement e) => e.EnumerateObject().Select(p => p.Name).ToArray();

    [Fact]
    public async Task Every_event_type_has_its_documented_keys_in_order()
    {
        var lines = await RenderAsync(
            Started(5, "[build 2/4] COPY a /a", 0, "build", 2),
            Started(1, "[internal] load build definition from Dockerfile", 0),
            Status(1, 0.1, "transferring context:", 2100),
            Miss(5, 0.1, "file a changed"),
            Log(5, 0.2, "hello\n", stream: 2),
            new StepCompleted(At(0.3), 5, false, TimeSpan.FromTicks(3_001_234)),
            Warning(0.4, "FromAsCasing: x (line 1)", "detail", "https://example.com"),
            Finished(0.5, 0.5, "sha256:abc"));

        Assert.Equal(["type", "time", "id", "name", "stage", "step_index"], Keys(lines[0]));
        Assert.Equal(["type", "time", "id", "item", "current", "total", "completed"], Keys(lines[2]));
        Assert.Equal(["type", "time", "id", "reasons"], Keys(lines[3]));
        Assert.Equal(["type", "time", "id", "stream", "data", "text"], Keys(lines[4]));
        Assert.Equal(["type", "time", "id", "cached", "duration_seconds", "error", "canceled"], Keys(lines[5]));
        Assert.Equal(["type", "time", "message", "detail", "url"], Keys(lines[6]));
        Assert.Equal(["type", "time", "duration_seconds", "image_id", "error", "canceled"], Keys(lines[7]));
        Assert.Equal(
            ["started", "started", "status", "cache_explanation", "log", "completed", "warning", "finished"],
            lines.Select(l => l.GetProperty("type").GetString()));

        Assert.Equal("build", lines[0].GetProperty("stage").GetString());
        Assert.Equal(2, lines[0].GetProperty("step_index").GetInt32());
        Assert.Equal(JsonValueKind.Null, lines[1].GetProperty("stage").ValueKind);
        Assert.Equal(JsonValueKind.Null, lines[1].GetProperty("step_index").ValueKind);
        Assert.Equal(2100, lines[2].GetProperty("current").GetInt64());
        Assert.Equal(JsonValueKind.Null, lines[2].GetProperty("total").ValueKind);
        Assert.Equal("file a changed", lines[3].GetProperty("reasons")[0].GetString());
        Assert.Equal(2, lines[4].GetProperty("stream").GetInt32());
        Assert.Equal("aGVsbG8K", lines[4].GetProperty("data").GetString());
        Assert.Equal("hello\n", lines[4].GetProperty("text").GetString());
        Assert.Equal(0.3001234, lines[5].GetProperty("duration_seconds").GetDouble());
        Assert.False(lines[5].GetProperty("cached").GetBoolean());
        Assert.Equal(JsonValueKind.Null, lines[5].GetProperty("error").ValueKind);
        Assert.Equal("sha256:abc", lines[7].GetProperty("image_id").GetString());
    }

    [Fact]
    public async Task Times_are_utc_iso8601_with_seven_fractional_digits()
    {
        var lines = await RenderAsync(
            new StepStarted(new DateTimeOffset(2025, 6, 7, 10, 11, 12, TimeSpan.FromHours(2)).AddTicks(1_234_567), 1, "x"),
            new StepStarted(new DateTimeOffset(2025, 6, 7, 8, 11, 12, TimeSpan.Zero), 2, "y"));

        Assert.Equal("2025-06-07T08:11:12.1234567Z", lines[0].GetProperty("time").GetString());
        Assert.Equal("2025-06-07T08:11:12.0000000Z", lines[1].GetProperty("time").GetString());
        Assert.Equal(
            new DateTimeOffset(2025, 6, 7, 8, 11, 12, TimeSpan.Zero).AddTicks(1_234_567),
            DateTimeOffset.Parse(lines[0].GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Log_data_is_base64_always_and_text_only_when_valid_utf8()
    {
        var lines = await RenderAsync(
            Bytes(1, 0, 0xC3),
            Bytes(1, 0, 0xA9, (byte)'<', (byte)'"', 0x01, (byte)'\n'),
            Bytes(1, 0, (byte)'o', (byte)'k', 0xC3, 0xA9));

        Assert.Equal([0xC3], lines[0].GetProperty("data").GetBytesFromBase64());
        Assert.Equal(JsonValueKind.Null, lines[0].GetProperty("text").ValueKind);
        Assert.Equal([0xA9, (byte)'<', (byte)'"', 0x01, (byte)'\n'], lines[1].GetProperty("data").GetBytesFromBase64());
        Assert.Equal(JsonValueKind.Null, lines[1].GetProperty("text").ValueKind);
        Assert.Equal("oké", lines[2].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Cache_hits_and_step_overlap_can_be_read_back()
    {
        var lines = await RenderAsync(
            Started(2, "[a 1/2] FROM x", 0),
            Started(3, "[b 1/2] FROM y", 0.1),
            Cached(2, 0.2),
            Done(3, 1.0, 0.9),
            Started(4, "[a 2/2] RUN z", 1.5),
            Done(4, 2.0, 0.5));

        var started = lines.Where(l => l.GetProperty("type").GetString() == "started")
            .ToDictionary(l => l.GetProperty("id").GetInt32(), l => DateTimeOffset.Parse(l.GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        var completed = lines.Where(l => l.GetProperty("type").GetString() == "completed")
            .ToDictionary(l => l.GetProperty("id").GetInt32(), l => l);
        var end = completed.ToDictionary(c => c.Key, c => DateTimeOffset.Parse(c.Value.GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal([2], completed.Where(c => c.Value.GetProperty("cached").GetBoolean()).Select(c => c.Key));
        Assert.True(started[2] < end[3] && started[3] < end[2], "2 and 3 overlap");
        Assert.False(started[4] < end[3] && started[3] < end[4], "3 and 4 do not overlap");
    }
}
