using System.Text;
using System.Text.Json;
using Kiln.Dockerfile.Checks;
using static Kiln.Dockerfile.Tests.Checks.CheckHarness;

namespace Kiln.Dockerfile.Tests.Checks;

/// <summary>Text, summary and JSON output of a check report.</summary>
public sealed class CheckReportFormatterTests
{
    private const string Dockerfile = "# syntax=docker/dockerfile:1\n\nFROM node:22\nWORKDIR /app\n\nCOPY index.js .\nCMD node index.js\n";

    [Fact]
    public void Text_matches_docker_check_output()
    {
        var text = CheckReportFormatter.FormatText(Check(Dockerfile));
        Assert.Equal(
            "\nWARNING: JSONArgsRecommended - https://docs.docker.com/go/dockerfile/rule/json-args-recommended/\n"
            + "JSON arguments recommended for CMD to prevent unintended behavior related to OS signals\n"
            + "Dockerfile:7\n"
            + "--------------------\n"
            + "   5 |     \n"
            + "   6 |     COPY index.js .\n"
            + "   7 | >>> CMD node index.js\n"
            + "   8 |     \n"
            + "--------------------\n",
            text);
    }

    [Fact]
    public void Text_marks_every_line_of_a_multi_line_instruction_and_ends_with_the_failure()
    {
        var text = CheckReportFormatter.FormatText(Check("# check=error=true\nFROM alpine\nRUN true\nENV a \\\n  b\nRUN true\nRUN true\nRUN true\n"));
        Assert.Contains("Dockerfile:4\n--------------------\n   3 |     RUN true\n   4 | >>> ENV a \\\n   5 | >>>   b\n   6 |     RUN true\n--------------------\n", text, StringComparison.Ordinal);
        Assert.EndsWith("ERROR: lint violation found for rules: LegacyKeyValueFormat\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_lists_short_lines()
    {
        var summary = CheckReportFormatter.FormatSummary(Check("FROM alpine AS Base\nCMD x\n"));
        Assert.Equal(
            "2 warnings found:\n - StageNameCasing: Stage name 'Base' should be lowercase (line 1)\n"
            + " - JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals (line 2)\n",
            summary);
        Assert.Equal(string.Empty, CheckReportFormatter.FormatSummary(Check("FROM alpine\n")));
    }

    [Fact]
    public void Json_follows_the_lint_result_shape()
    {
        var json = CheckReportFormatter.FormatJson(Check("# check=error=true\n" + Dockerfile.Replace("# syntax=docker/dockerfile:1\n", string.Empty, StringComparison.Ordinal)));
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var warning = Assert.Single(root.GetProperty("warnings").EnumerateArray().ToArray());
        Assert.Equal("JSONArgsRecommended", warning.GetProperty("ruleName").GetString());
        Assert.Equal("JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals", warning.GetProperty("description").GetString());
        Assert.Equal("https://docs.docker.com/go/dockerfile/rule/json-args-recommended/", warning.GetProperty("url").GetString());
        Assert.Equal("JSON arguments recommended for CMD to prevent unintended behavior related to OS signals", warning.GetProperty("detail").GetString());
        var location = warning.GetProperty("location");
        Assert.Equal(0, location.GetProperty("sourceIndex").GetInt32());
        var range = Assert.Single(location.GetProperty("ranges").EnumerateArray().ToArray());
        Assert.Equal(7, range.GetProperty("start").GetProperty("line").GetInt32());
        Assert.False(range.GetProperty("start").TryGetProperty("character", out _));
        Assert.Equal(7, range.GetProperty("end").GetProperty("line").GetInt32());
        var source = Assert.Single(root.GetProperty("sources").EnumerateArray().ToArray());
        Assert.Equal("Dockerfile", source.GetProperty("filename").GetString());
        Assert.Equal("Dockerfile", source.GetProperty("language").GetString());
        Assert.StartsWith("# check=error=true\n", Encoding.UTF8.GetString(source.GetProperty("data").GetBytesFromBase64()), StringComparison.Ordinal);
        Assert.Equal("lint violation found for rules: JSONArgsRecommended", root.GetProperty("buildError").GetProperty("message").GetString());
    }

    [Fact]
    public void Json_of_a_clean_file_has_empty_warnings_and_no_error()
    {
        using var doc = JsonDocument.Parse(CheckReportFormatter.FormatJson(Check("FROM alpine\n")));
        Assert.Equal(0, doc.RootElement.GetProperty("warnings").GetArrayLength());
        Assert.False(doc.RootElement.TryGetProperty("buildError", out _));
    }
}
