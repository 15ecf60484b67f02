using System.Text.Json;
using Kiln.Testing;

namespace Kiln.Cli.Tests;

/// <summary>
/// <c>kiln lint</c> on deliberately bad Dockerfiles (testdata/lint: each with the findings expected, written by
/// hand from BuildKit's rule documentation), on invalid ones (testdata/invalid) and on every example.
/// </summary>
public sealed class LintCommandTests
{
    private static readonly string LintData = Path.Combine(TestPaths.RepositoryRoot, "tests", "Kiln.Cli.Tests", "testdata", "lint");
    private static readonly string InvalidData = Path.Combine(TestPaths.RepositoryRoot, "tests", "Kiln.Cli.Tests", "testdata", "invalid");

    public static TheoryData<string> LintCases() => Cases(LintData);

    public static TheoryData<string> InvalidCases() => Cases(InvalidData);

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(TestPaths.RepositoryRoot, "examples")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LintCases))]
    public void Lint_reports_exactly_the_expected_findings(string name)
    {
        var dir = Path.Combine(LintData, name);
        var expected = File.ReadAllLines(Path.Combine(dir, "expected.txt")).Where(l => l.Length > 0).ToList();
        var exit = expected.FirstOrDefault(l => l.StartsWith("exit ", StringComparison.Ordinal));
        var findings = expected.Where(l => !l.StartsWith("exit ", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

        var result = KilnProcess.Run("lint", "--format", "json", Path.Combine(dir, "Dockerfile"));

        var expectedExit = exit is null ? (findings.Count == 0 ? 0 : 1) : int.Parse(exit[5..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(expectedExit == result.ExitCode, result.ToString());
        Assert.Equal(findings, Findings(result.Stdout));
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Invalid_Dockerfile_exits_2_naming_file_line_column_and_the_problem(string name)
    {
        var dir = Path.Combine(InvalidData, name);
        var expected = File.ReadAllLines(Path.Combine(dir, "expected.txt"));
        var file = Path.Combine(dir, "Dockerfile");

        var result = KilnProcess.Run("lint", file);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{file}:{expected[0]}: error KILN", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(expected[1], result.Stderr, StringComparison.Ordinal);
        var line = int.Parse(expected[0].Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);
        var sourceLine = File.ReadAllLines(file).ElementAtOrDefault(line - 1) ?? string.Empty;
        Assert.Contains($"| >>> {sourceLine}", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_is_clean(string example)
    {
        var result = KilnProcess.Run("lint", Path.Combine("examples", example));
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void Text_output_uses_buildkit_messages_and_marks_the_line()
    {
        var result = KilnProcess.Run("lint", Path.Combine(LintData, "maintainer-json-args", "Dockerfile"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("WARNING: MaintainerDeprecated - https://docs.docker.com/go/dockerfile/rule/maintainer-deprecated/\nMaintainer instruction is deprecated in favor of using label\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("WARNING: JSONArgsRecommended - https://docs.docker.com/go/dockerfile/rule/json-args-recommended/\nJSON arguments recommended for CMD to prevent unintended behavior related to OS signals\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("   3 | >>> CMD echo hello\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Suggestions_name_the_closest_defined_variable()
    {
        var result = KilnProcess.Run("lint", Path.Combine(LintData, "undefined-var", "Dockerfile"));

        Assert.Contains("Usage of undefined variable '$AP' (did you mean $APP?)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_directive_error_true_prints_the_violation()
    {
        var result = KilnProcess.Run("lint", Path.Combine(LintData, "check-directive", "Dockerfile"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("lint violation found for rules: MaintainerDeprecated", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("JSONArgsRecommended", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerfile_from_stdin_is_checked()
    {
        var result = KilnProcess.RunIn(TestPaths.RepositoryRoot, "FROM alpine:3.20\nMAINTAINER x\n", "lint", "--format", "json", "-f", "-", ".");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["MaintainerDeprecated 2"], Findings(result.Stdout));
    }

    [Fact]
    public void Build_args_reach_the_from_checks()
    {
        using var temp = new TempDirectory();
        var file = temp.WriteFile("Dockerfile", "ARG TAG\nFROM alpine:${TAG}\n");

        var without = KilnProcess.Run("lint", "--format", "json", file);
        Assert.Contains("InvalidDefaultArgInFrom 2", Findings(without.Stdout));

        var with = KilnProcess.Run("lint", "--format", "json", "--build-arg", "TAG=3.20", file);
        Assert.True(with.ExitCode == 1, with.ToString());
    }

    private static List<string> Findings(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var list = new List<string>();
        foreach (var warning in doc.RootElement.GetProperty("warnings").EnumerateArray())
        {
            var line = warning.GetProperty("location").GetProperty("ranges")[0].GetProperty("start").GetProperty("line").GetInt32();
            list.Add($"{warning.GetProperty("ruleName").GetString()} {line}");
        }

        list.Sort(StringComparer.Ordinal);
        return list;
    }

    private static TheoryData<string> Cases(string root)
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }
}
