using static Kiln.Dockerfile.Tests.Checks.CheckHarness;

namespace Kiln.Dockerfile.Tests.Checks;

/// <summary>File-wide rules: stage names, keyword casing, empty continuations, MAINTAINER, default ARGs in FROM.</summary>
public sealed class FileRuleTests
{
    [Fact]
    public void StageNameCasing_and_FromAsCasing()
    {
        var lines = Lines("\n# warning: stage name should be lowercase\n#\nFROM scratch AS BadStageName\n\n# warning: 'as' should match 'FROM' cmd casing.\n#\nFROM scratch as base2\n\nFROM scratch AS base3\n");
        Assert.Equal(
            [
                "StageNameCasing|4|Stage name 'BadStageName' should be lowercase",
                "FromAsCasing|8|'as' and 'FROM' keywords' casing do not match",
            ],
            lines);
    }

    [Fact]
    public void FromAsCasing_lower_from_upper_as()
    {
        Assert.Equal(["4|'AS' and 'from' keywords' casing do not match"], Of("FromAsCasing", "\n# c\n#\nfrom scratch AS base\n\nfrom scratch as base2\n"));
    }

    [Fact]
    public void Clean_stage_names_and_casing_give_nothing()
    {
        Assert.Empty(Lines("FROM scratch AS base\nFROM base AS final\nCOPY --from=base /a /b\n"));
        Assert.Empty(Of("FromAsCasing", "From scratch as base\n"));
    }

    [Fact]
    public void NoEmptyContinuation_points_at_the_last_line()
    {
        var report = Check("\nFROM scratch\n# warning: empty continuation line\nCOPY Dockerfile \\\n\n.\nCOPY Dockerfile \\\n.\n");
        var finding = Assert.Single(report.Findings);
        Assert.Equal("NoEmptyContinuation", finding.Id);
        Assert.Equal("Empty continuation line", finding.Message);
        Assert.Equal(6, finding.Range!.Value.Start.Line);
        Assert.Equal("Empty continuation lines will become errors in a future release", finding.Description);
        Assert.Equal("https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/", finding.Url);
    }

    [Fact]
    public void NoEmptyContinuation_comment_lines_do_not_count()
    {
        Assert.Equal(["4|Empty continuation line"], Of("NoEmptyContinuation", "FROM alpine\nEXPOSE \\\n\n80\n"));
        Assert.Empty(Of("NoEmptyContinuation", "FROM alpine\nEXPOSE \\\n# Port\n80\n"));
    }

    [Theory]
    [InlineData("\n#\nFrom scratch as base\nFROM scratch AS base2\n", "ConsistentInstructionCasing|3|Command 'From' should match the case of the command majority (uppercase)")]
    [InlineData("\nFROM scratch\n# c\ncopy Dockerfile /foo\nCOPY Dockerfile /bar\n", "ConsistentInstructionCasing|4|Command 'copy' should match the case of the command majority (uppercase)")]
    [InlineData("\n#\nfrOM scratch as base\nfrom scratch as base2\n", "ConsistentInstructionCasing|3|Command 'frOM' should match the case of the command majority (lowercase)")]
    [InlineData("\nfrom scratch\n# c\nCOPY Dockerfile /foo\ncopy Dockerfile /bar\n", "ConsistentInstructionCasing|4|Command 'COPY' should match the case of the command majority (lowercase)")]
    [InlineData("\n#\nfrom scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\nCOPY Dockerfile /baz\n", "ConsistentInstructionCasing|3|Command 'from' should match the case of the command majority (uppercase)")]
    [InlineData("\n#\nFROM scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\ncopy Dockerfile /baz\n", "ConsistentInstructionCasing|3|Command 'FROM' should match the case of the command majority (lowercase)")]
    public void ConsistentInstructionCasing(string dockerfile, string expected)
    {
        Assert.Equal([expected], Lines(dockerfile));
    }

    [Theory]
    [InlineData("from scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\n")]
    [InlineData("FROM scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\n")]
    [InlineData("FROM alpine\nRUN <<'EOT'\nenv\nEOT\n")]
    [InlineData("arg x=1\nFROM alpine\nRUN true\n")]
    public void ConsistentInstructionCasing_clean(string dockerfile)
    {
        Assert.Empty(Lines(dockerfile));
    }

    [Fact]
    public void DuplicateStageName()
    {
        Assert.Equal(["DuplicateStageName|3|Duplicate stage name \"b\", stage names should be unique"], Lines("\nFROM scratch AS b\nFROM scratch AS b\n"));
        Assert.Equal(["3|Duplicate stage name \"builder\", stage names should be unique"], Of("DuplicateStageName", "FROM debian:latest AS builder\nRUN apt-get update\nFROM golang:latest AS Builder\n"));
        Assert.Empty(Lines("\nFROM scratch AS b1\nFROM scratch AS b2\n"));
    }

    [Fact]
    public void ReservedStageName()
    {
        Assert.Equal(
            [
                "ReservedStageName|2|Stage name should not use the same name as reserved stage \"scratch\"",
                "ReservedStageName|3|Stage name should not use the same name as reserved stage \"context\"",
            ],
            Lines("\nFROM scratch AS scratch\nFROM scratch AS context\n"));
        Assert.Empty(Lines("\nFROM scratch\nFROM scratch AS a\n"));
    }

    [Fact]
    public void MaintainerDeprecated()
    {
        var finding = Assert.Single(Check("\nFROM scratch\nMAINTAINER me@example.org\n").Findings);
        Assert.Equal("MaintainerDeprecated", finding.Id);
        Assert.Equal("Maintainer instruction is deprecated in favor of using label", finding.Message);
        Assert.Equal(3, finding.Range!.Value.Start.Line);
        Assert.Equal("The MAINTAINER instruction is deprecated, use a label instead to define an image author", finding.Description);
        Assert.Empty(Lines("\nFROM scratch\nLABEL org.opencontainers.image.authors=\"me@example.org\"\n"));
    }

    [Fact]
    public void Warnings_come_with_their_order_and_description()
    {
        var report = Check("\nFROM scratch AS BadStageName\nMAINTAINER me@example.org\n");
        Assert.Equal(["StageNameCasing", "MaintainerDeprecated"], report.Findings.Select(f => f.Id));
        Assert.All(report.Findings, f => Assert.Equal("Dockerfile", f.FilePath));
        Assert.All(report.Findings, f => Assert.Equal(Kiln.Dockerfile.Diagnostics.DiagnosticSeverity.Warning, f.Severity));
    }

    [Theory]
    [InlineData("\nARG VERSION\nFROM busybox:$VERSION\n", "VERSION", "latest", "3|Default value for ARG busybox:$VERSION results in empty or invalid base image name")]
    [InlineData("\nARG IMAGE\nFROM $IMAGE\n", "IMAGE", "busybox:latest", "3|Default value for ARG $IMAGE results in empty or invalid base image name")]
    [InlineData("\nARG SFX=\"box:\"\nFROM busy${SFX}\n", "SFX", "box:latest", "3|Default value for ARG busy${SFX} results in empty or invalid base image name")]
    [InlineData("ARG TAG\nFROM busybox:${TAG}\n", null, null, "2|Default value for ARG busybox:${TAG} results in empty or invalid base image name")]
    public void InvalidDefaultArgInFrom(string dockerfile, string? arg, string? value, string expected)
    {
        var buildArgs = arg is null ? null : new Dictionary<string, string> { [arg] = value! };
        Assert.Equal([expected], Of("InvalidDefaultArgInFrom", dockerfile, buildArgs));
    }

    [Theory]
    [InlineData("\nARG VERSION=\"latest\"\nFROM busybox:${VERSION}\n")]
    [InlineData("\nARG BUSYBOX_VARIANT=\"\"\nFROM busybox:stable${BUSYBOX_VARIANT}\n")]
    [InlineData("\nARG BUSYBOX_VARIANT\nFROM busybox:stable${BUSYBOX_VARIANT}\n")]
    [InlineData("ARG TAG\nFROM alpine:${TAG:-3.14}\n")]
    public void InvalidDefaultArgInFrom_clean(string dockerfile)
    {
        Assert.Empty(Lines(dockerfile, new Dictionary<string, string> { ["BUSYBOX_VARIANT"] = "-musl" }));
    }
}
