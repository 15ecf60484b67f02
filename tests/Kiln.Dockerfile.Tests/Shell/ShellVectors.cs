using System.Text;
using System.Text.Json;
using Kiln.Testing;

namespace Kiln.Dockerfile.Tests.Shell;

/// <summary>
/// Loads the BuildKit shell-lexer conformance vectors (shared/conformance/buildkit/shell, README §5-7) in place,
/// keyed by an id of the form <c>file:line</c> (or <c>file:#index</c> for the JSON cases).
/// </summary>
internal static class ShellVectors
{
    private static readonly Lazy<Dictionary<string, EnvVarVector>> EnvVarVectors = new(LoadEnvVarTest);
    private static readonly Lazy<Dictionary<string, WordsVector>> WordsVectors = new(LoadWordsTest);
    private static readonly Lazy<Dictionary<string, ExpansionCase>> ExpansionCases = new(LoadExpansionCases);

    public static string Directory => Path.Combine(TestPaths.Conformance, "buildkit", "shell");

    public static IReadOnlyDictionary<string, EnvVarVector> EnvVar => EnvVarVectors.Value;

    public static IReadOnlyDictionary<string, WordsVector> Words => WordsVectors.Value;

    public static IReadOnlyDictionary<string, ExpansionCase> Cases => ExpansionCases.Value;

    private static string[] ReadLines(string file)
    {
        var text = File.ReadAllText(Path.Combine(Directory, file), new UTF8Encoding(false, true));
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = lines[i].TrimEnd('\r');
        }

        // A final newline leaves one empty element that is not a line.
        return lines.Length > 0 && lines[^1].Length == 0 ? lines[..^1] : lines;
    }

    private static Dictionary<string, EnvVarVector> LoadEnvVarTest()
    {
        var result = new Dictionary<string, EnvVarVector>(StringComparer.Ordinal);
        var lines = ReadLines("envVarTest");
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith('#'))
            {
                continue;
            }

            line = line.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split('|');
            if (fields.Length != 3)
            {
                throw new InvalidDataException($"envVarTest:{i + 1}: expected 3 fields");
            }

            var platform = fields[0].Trim();
            if (platform is not ("A" or "U" or "W"))
            {
                throw new InvalidDataException($"envVarTest:{i + 1}: bad platform '{platform}'");
            }

            var expected = fields[2].Trim();
            result.Add($"envVarTest:{i + 1}", new EnvVarVector(platform[0], fields[1].Trim(), expected == "error" ? null : expected));
        }

        return result;
    }

    private static Dictionary<string, WordsVector> LoadWordsTest()
    {
        var result = new Dictionary<string, WordsVector>(StringComparer.Ordinal);
        var env = new List<KeyValuePair<string, string>>();
        var lines = ReadLines("wordsTest");
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith("ENV ", StringComparison.Ordinal))
            {
                var assignment = line[3..].TrimStart(' ');
                var eq = assignment.IndexOf('=', StringComparison.Ordinal);
                env.Add(new KeyValuePair<string, string>(assignment[..eq], assignment[(eq + 1)..]));
                continue;
            }

            var parts = line.Split('|');
            if (parts.Length != 2)
            {
                throw new InvalidDataException($"wordsTest:{i + 1}: expected 2 parts");
            }

            result.Add($"wordsTest:{i + 1}", new WordsVector(parts[0].Trim(), parts[1].TrimStart(' ').Split(','), [.. env]));
        }

        return result;
    }

    private static Dictionary<string, ExpansionCase> LoadExpansionCases()
    {
        var result = new Dictionary<string, ExpansionCase>(StringComparer.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Directory, "word-expansion-cases.json")));
        if (doc.RootElement.GetProperty("escapeToken").GetString() != "\\")
        {
            throw new InvalidDataException("unexpected escape token");
        }

        var index = 0;
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var env = c.GetProperty("env").EnumerateObject()
                .Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!)).ToArray();
            result.Add($"word-expansion-cases.json:#{index}", new ExpansionCase(
                c.GetProperty("group").GetString()!,
                c.GetProperty("input").GetString()!,
                env,
                c.GetProperty("expectError").GetBoolean(),
                c.TryGetProperty("errorContains", out var ec) ? ec.GetString() : null,
                c.TryGetProperty("expected", out var ex) ? ex.GetString() : null,
                c.TryGetProperty("matched", out var m) ? m.EnumerateArray().Select(x => x.GetString()!).ToArray() : null,
                c.TryGetProperty("unmatched", out var u) ? u.EnumerateArray().Select(x => x.GetString()!).ToArray() : null));
            index++;
        }

        return result;
    }

    /// <summary>One envVarTest line; <see cref="Expected"/> null means "error".</summary>
    internal sealed record EnvVarVector(char Platform, string Input, string? Expected);

    /// <summary>One wordsTest line with the environment defined by the ENV lines above it.</summary>
    internal sealed record WordsVector(string Input, string[] Expected, KeyValuePair<string, string>[] Env);

    /// <summary>One case of word-expansion-cases.json.</summary>
    internal sealed record ExpansionCase(
        string Group,
        string Input,
        KeyValuePair<string, string>[] Env,
        bool ExpectError,
        string? ErrorContains,
        string? Expected,
        string[]? Matched,
        string[]? Unmatched);
}
