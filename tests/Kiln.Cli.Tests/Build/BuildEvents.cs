using System.Globalization;
using System.Text.Json;

namespace Kiln.Cli.Tests.Build;

/// <summary>The steps of one build read back from its <c>--progress=rawjson</c> output (docs/progress-rawjson.md).</summary>
internal sealed record BuildEvents(IReadOnlyList<BuildEvents.Step> Steps)
{
    public static BuildEvents Parse(string rawJson)
    {
        var steps = new Dictionary<int, Step>();
        foreach (var line in rawJson.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var type = root.GetProperty("type").GetString();
            var time = DateTimeOffset.Parse(root.GetProperty("time").GetString()!, CultureInfo.InvariantCulture);
            if (type == "started")
            {
                var id = root.GetProperty("id").GetInt32();
                steps[id] = new Step(id, root.GetProperty("name").GetString()!, time, null, false, null, []);
            }
            else if (type == "completed")
            {
                var id = root.GetProperty("id").GetInt32();
                var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
                steps[id] = steps[id] with { Completed = time, Cached = root.GetProperty("cached").GetBoolean(), Error = error };
            }
            else if (type == "cache_explanation")
            {
                var id = root.GetProperty("id").GetInt32();
                var reasons = root.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList();
                steps[id] = steps[id] with { Explanations = reasons };
            }
        }

        return new BuildEvents(steps.Values.OrderBy(s => s.Id).ToList());
    }

    /// <summary>Steps that run a Dockerfile instruction (<c>[stage n/m] ...</c>), FROM excluded.</summary>
    public IReadOnlyList<Step> InstructionSteps => Steps.Where(s => s.Name.StartsWith('[') && !s.Name.StartsWith("[internal]", StringComparison.Ordinal) && !s.Name.Contains("] FROM ", StringComparison.Ordinal)).ToList();

    public Step Named(string fragment) => Steps.Single(s => s.Name.Contains(fragment, StringComparison.Ordinal));

    internal sealed record Step(int Id, string Name, DateTimeOffset Started, DateTimeOffset? Completed, bool Cached, string? Error, IReadOnlyList<string> Explanations);
}
