using System.Text.Json;
using Kiln.Build.Context;
using Kiln.Testing;

namespace Kiln.Build.Tests.Context;

/// <summary>Loads conformance/dockerignore/walk-vectors.json and builds its trees and filters.</summary>
internal static class WalkVectors
{
    private static readonly Lazy<JsonElement> Root = new(() =>
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.Conformance, "dockerignore", "walk-vectors.json"));
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    });

    public static JsonElement[] Section(string name) => Root.Value.GetProperty(name).EnumerateArray().ToArray();

    public static JsonElement ById(string id)
    {
        var dash = id.LastIndexOf('-');
        var section = id[..dash] switch
        {
            "walk" => "walks",
            "open" => "opens",
            _ => "constructionErrors",
        };
        return Section(section)[int.Parse(id[(dash + 1)..], System.Globalization.CultureInfo.InvariantCulture) - 1];
    }

    public static TheoryData<string> Ids(string section, string prefix)
    {
        var data = new TheoryData<string>();
        for (var i = 0; i < Section(section).Length; i++)
        {
            data.Add($"{prefix}-{i + 1:00}");
        }

        return data;
    }

    public static void CreateTree(TempDirectory dir, JsonElement vector)
    {
        foreach (var line in vector.GetProperty("tree").EnumerateArray().Select(e => e.GetString()!))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var kind = line[..space];
            var path = Path.Combine(dir.Path, line[(space + 1)..]);
            if (kind == "dir")
            {
                Directory.CreateDirectory(path);
            }
            else
            {
                Assert.Equal("file", kind);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, []);
            }
        }
    }

    public static ContextFilter[] Filters(JsonElement vector) =>
        vector.GetProperty("filters").EnumerateArray().Select(f => ContextFilter.Create(List(f, "include"), List(f, "exclude"))).ToArray();

    public static string[] Strings(JsonElement vector, string property) =>
        vector.GetProperty(property).EnumerateArray().Select(e => e.GetString()!).ToArray();

    public static string[] Describe(IEnumerable<ContextEntry> entries) => entries.Select(e => e.ToString()).ToArray();

    private static string[]? List(JsonElement filter, string name) =>
        filter.TryGetProperty(name, out var list) ? list.EnumerateArray().Select(e => e.GetString()!).ToArray() : null;
}
