using Kiln.Dockerfile.Checks;
using Kiln.Dockerfile.Diagnostics;
using static Kiln.Dockerfile.Tests.Checks.CheckHarness;

namespace Kiln.Dockerfile.Tests.Checks;

/// <summary>The check directive, the BUILDKIT_DOCKERFILE_CHECK build argument, local skip comments and error=true.</summary>
public sealed class CheckConfigTests
{
    private const string Casing = "FROM scratch as base\ncopy Dockerfile .\n";

    [Fact]
    public void Parse_reads_every_option()
    {
        var config = CheckConfig.Parse(" skip = JSONArgsRecommended, StageNameCasing ; ERROR=true;Experimental=CopyIgnoredFile ");
        Assert.False(config.SkipAll);
        Assert.Equal(["JSONArgsRecommended", "StageNameCasing"], config.SkippedRules.Order(StringComparer.Ordinal));
        Assert.True(config.ReturnAsError);
        Assert.Equal(["CopyIgnoredFile"], config.ExperimentalRules);
        Assert.False(config.IsEnabled(CheckRules.JsonArgsRecommended));
        Assert.True(config.IsEnabled(CheckRules.FromAsCasing));
        Assert.True(config.IsEnabled(CheckRules.CopyIgnoredFile));
        Assert.False(config.IsEnabled(CheckRules.InvalidDefinitionDescription));
    }

    [Fact]
    public void Experimental_rules_run_even_when_everything_is_skipped()
    {
        var config = CheckConfig.Parse("skip=all;experimental=all");
        Assert.True(config.SkipAll);
        Assert.False(config.IsEnabled(CheckRules.StageNameCasing));
        Assert.True(config.IsEnabled(CheckRules.InvalidDefinitionDescription));
        Assert.False(CheckConfig.Default.IsEnabled(CheckRules.CopyIgnoredFile));
        Assert.True(CheckConfig.Default.IsEnabled(CheckRules.UndefinedVar));
    }

    [Theory]
    [InlineData("skip", "failed to parse check options: invalid check option \"skip\"", "KILN1401")]
    [InlineData("foo=bar", "failed to parse check options: invalid check option \"foo\"", "KILN1401")]
    [InlineData("error=maybe", "failed to parse check options: failed to parse check option \"error=maybe\": strconv.ParseBool: parsing \"maybe\": invalid syntax", "KILN1402")]
    public void Invalid_directive_points_at_it(string value, string message, string id)
    {
        var ex = Assert.Throws<DockerfileException>(() => Check($"# syntax=docker/dockerfile:1\n# check={value}\nFROM scratch\n"));
        Assert.Equal(id, ex.Diagnostic.Id);
        Assert.Equal(message, ex.Message);
        Assert.Equal("Dockerfile", ex.Diagnostic.FilePath);
        Assert.Equal(new SourcePosition(2, 9), ex.Diagnostic.Range!.Value.Start);
    }

    [Fact]
    public void Skip_lists_and_skip_all()
    {
        Assert.Equal(2, Lines(Casing).Length);
        Assert.Empty(Lines("#check=skip=all\n" + Casing));
        Assert.Empty(Lines("#check=skip=ConsistentInstructionCasing,FromAsCasing\n" + Casing));
        Assert.Equal(["FromAsCasing|2|'as' and 'FROM' keywords' casing do not match"], Lines("#check=skip=ConsistentInstructionCasing\n" + Casing));
        Assert.Empty(Lines("# syntax=docker/dockerfile:1\n# check=skip=JSONArgsRecommended,StageNameCasing\n\nFROM alpine AS BASE_STAGE\nCMD echo \"Hello, world!\"\n"));
    }

    [Fact]
    public void Error_true_fails_with_the_rule_list()
    {
        var report = Check("#check=skip=ConsistentInstructionCasing;error=true\n" + Casing);
        Assert.True(report.IsFailure);
        Assert.Equal("lint violation found for rules: FromAsCasing", report.FailureMessage);
        var ex = report.ToException()!;
        Assert.Equal("KILN1403", ex.Diagnostic.Id);
        Assert.Equal(2, ex.Diagnostic.Range!.Value.Start.Line);

        var both = Check("# check=error=true\nFROM alpine AS Base\nCMD a\nCMD b\n");
        Assert.Equal("lint violation found for rules: StageNameCasing, JSONArgsRecommended, MultipleInstructionsDisallowed", both.FailureMessage);
    }

    [Fact]
    public void Error_true_without_findings_is_not_a_failure()
    {
        var report = Check("#check=skip=all;error=true\n" + Casing);
        Assert.False(report.IsFailure);
        Assert.Null(report.FailureMessage);
        Assert.Null(report.ToException());
        Assert.False(Check(Casing).IsFailure);
    }

    [Fact]
    public void Build_arg_replaces_the_directive()
    {
        var args = new Dictionary<string, string> { ["BUILDKIT_DOCKERFILE_CHECK"] = "skip=ConsistentInstructionCasing;error=true" };
        var report = Check("#check=skip=all\n" + Casing, args);
        Assert.Equal(["FromAsCasing|2|'as' and 'FROM' keywords' casing do not match"], Lines(report));
        Assert.Equal("lint violation found for rules: FromAsCasing", report.FailureMessage);

        var skipAll = Check("#check=error=true\n" + Casing, new Dictionary<string, string> { ["BUILDKIT_DOCKERFILE_CHECK"] = "skip=all" });
        Assert.Empty(skipAll.Findings);
        Assert.False(skipAll.IsFailure);
    }

    [Fact]
    public void Invalid_build_arg_is_an_error_without_a_line()
    {
        var ex = Assert.Throws<DockerfileException>(() => Check(Casing, new Dictionary<string, string> { ["BUILDKIT_DOCKERFILE_CHECK"] = "nope=1" }));
        Assert.Equal("KILN1401", ex.Diagnostic.Id);
        Assert.Null(ex.Diagnostic.Range);
    }

    [Fact]
    public void Experimental_opt_in_through_the_build_arg()
    {
        var text = "# a non-descriptive comment\nFROM scratch AS base\n";
        Assert.Empty(Lines(text));
        Assert.Equal(["InvalidDefinitionDescription|2|Comment for FROM should follow the format: `# base <description>`"],
            Lines(text, new Dictionary<string, string> { ["BUILDKIT_DOCKERFILE_CHECK"] = "experimental=all" }));
    }

    [Fact]
    public void Local_comment_skips_rules_for_that_instruction_only()
    {
        var text = "FROM alpine\n# check=skip=JSONArgsRecommended\nCMD first\nENTRYPOINT second\n";
        Assert.Equal(
            ["JSONArgsRecommended|4|JSON arguments recommended for ENTRYPOINT to prevent unintended behavior related to OS signals"],
            Lines(text));
    }

    [Fact]
    public void Local_comment_above_from_covers_its_platform_and_args()
    {
        Assert.Empty(Lines("# keep\n\n# check=skip=FromPlatformFlagConstDisallowed,UndefinedArgInFrom\nFROM --platform=linux/arm64 alpine:${TAG:-3}\n"));
        Assert.Equal(2, Lines("FROM --platform=linux/arm64 alpine:${TAG:-3}\n").Length);
    }

    [Fact]
    public void Local_comment_does_not_reach_file_wide_rules()
    {
        // BuildKit reads local comments only while dispatching instructions and FROM arguments.
        Assert.Equal(["MaintainerDeprecated|3|Maintainer instruction is deprecated in favor of using label"],
            Lines("FROM alpine\n# check=skip=MaintainerDeprecated\nMAINTAINER me\n"));
    }

    [Fact]
    public void Local_comment_first_check_comment_counts_and_bad_ones_are_ignored()
    {
        Assert.Empty(Lines("FROM alpine\n# check=skip=all this is why\n# check=skip=Other\nCMD x\n"));
        Assert.Single(Lines("FROM alpine\n# check=bogus\nCMD x\n"));
    }

    [Fact]
    public void Local_experimental_opt_in()
    {
        Assert.Single(Lines("FROM scratch\n# check=experimental=CopyIgnoredFile\nCOPY secret.txt /\n", probe: new FakeIgnoreProbe(false, "secret.txt")));
    }

    [Fact]
    public void FromComments_parses_the_first_check_comment()
    {
        Assert.Null(CheckConfig.FromComments(["just a comment"]));
        var local = CheckConfig.FromComments(["hello", "check=skip=A,B", "check=skip=C"])!;
        Assert.Equal(["A", "B"], local.SkippedRules.Order(StringComparer.Ordinal));
    }
}
