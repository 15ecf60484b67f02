using static Kiln.Dockerfile.Tests.Checks.CheckHarness;

namespace Kiln.Dockerfile.Tests.Checks;

/// <summary>Rules on FROM and its --platform: UndefinedArgInFrom, RedundantTargetPlatform, FromPlatformFlagConstDisallowed.</summary>
public sealed class FromRuleTests
{
    [Theory]
    [InlineData("\nARG base=scratch\nFROM $base\nCOPY Dockerfile .\n")]
    [InlineData("\nARG BUILDPLATFORM=linux/amd64\nFROM --platform=$BUILDPLATFORM scratch\nCOPY Dockerfile .\n")]
    [InlineData("\nFROM --platform=$BUILDPLATFORM scratch\nCOPY Dockerfile .\n")]
    [InlineData("\nARG DEBUG\nFROM scratch${DEBUG}\nCOPY Dockerfile .\n")]
    [InlineData("\nARG DEBUG\nFROM scra${DEBUG:-tch}\nCOPY Dockerfile .\n")]
    [InlineData("\nARG DEBUG=\"\"\nFROM scratch${DEBUG-@bogus}\nCOPY Dockerfile .\n")]
    [InlineData("FROM alpine:${TARGETARCH}\n")]
    public void UndefinedArgInFrom_clean(string dockerfile)
    {
        Assert.Empty(Of("UndefinedArgInFrom", dockerfile));
    }

    [Fact]
    public void UndefinedArgInFrom_platform_with_suggestion()
    {
        Assert.Equal(
            ["2|FROM argument 'BULIDPLATFORM' is not declared (did you mean BUILDPLATFORM?)"],
            Of("UndefinedArgInFrom", "\nFROM --platform=$BULIDPLATFORM scratch\nCOPY Dockerfile .\n"));
        Assert.Equal(
            ["4|FROM argument 'MYARCH' is not declared (did you mean MY_ARCH?)"],
            Of("UndefinedArgInFrom", "\nARG MY_OS=linux\nARG MY_ARCH=amd64\nFROM --platform=linux/${MYARCH} busybox\nCOPY Dockerfile .\n"));
    }

    [Fact]
    public void UndefinedArgInFrom_base_without_suggestion()
    {
        var finding = Assert.Single(Check("\nARG tag=latest\nFROM busybox:${tag}${version} AS b\nCOPY Dockerfile .\n").Findings, f => f.Id == "UndefinedArgInFrom");
        Assert.Equal("FROM argument 'version' is not declared", finding.Message);
        Assert.Equal(3, finding.Range!.Value.Start.Line);
        Assert.Equal("FROM command must use declared ARGs", finding.Description);
    }

    [Fact]
    public void UndefinedArgInFrom_arg_declared_in_a_stage_does_not_count()
    {
        Assert.Equal(
            ["3|FROM argument 'VERSION' is not declared"],
            Of("UndefinedArgInFrom", "FROM alpine AS a\nARG VERSION=1\nFROM alpine:$VERSION\n"));
    }

    [Theory]
    [InlineData("\nFROM --platform=$TARGETPLATFORM scratch\n", "2|Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior")]
    [InlineData("\nFROM --platform=${TARGETPLATFORM} scratch\n", "2|Setting platform to predefined ${TARGETPLATFORM} in FROM is redundant as this is the default behavior")]
    public void RedundantTargetPlatform(string dockerfile, string expected)
    {
        Assert.Equal([expected], Of("RedundantTargetPlatform", dockerfile));
    }

    [Theory]
    [InlineData("FROM --platform=$BUILDPLATFORM scratch\n")]
    [InlineData("FROM --platform=$TARGETOS/$TARGETARCH scratch\n")]
    [InlineData("FROM scratch\n")]
    public void RedundantTargetPlatform_clean(string dockerfile)
    {
        Assert.Empty(Of("RedundantTargetPlatform", dockerfile));
    }

    [Fact]
    public void FromPlatformFlagConstDisallowed()
    {
        Assert.Equal(
            ["2|FROM --platform flag should not use constant value \"linux/amd64\""],
            Of("FromPlatformFlagConstDisallowed", "\nFROM --platform=linux/amd64 scratch\n"));
        Assert.Equal(
            ["1|FROM --platform flag should not use constant value \"linux/amd64\""],
            Of("FromPlatformFlagConstDisallowed", "FROM --platform=linux/amd64 alpine AS base\nRUN apk add --no-cache git\n"));
    }

    [Theory]
    [InlineData("\nFROM --platform=linux/amd64 scratch AS my_amd64_stage\n")]
    [InlineData("\nFROM --platform=linux/amd64 scratch AS linux\n")]
    [InlineData("FROM --platform=${BUILDPLATFORM} alpine AS base\nRUN apk add --no-cache git\n")]
    [InlineData("FROM --platform=linux/amd64 alpine AS build_amd64\nFROM --platform=linux/arm64 alpine AS build_arm64\nFROM build_${TARGETARCH} AS build\n")]
    public void FromPlatformFlagConstDisallowed_clean(string dockerfile)
    {
        Assert.Empty(Of("FromPlatformFlagConstDisallowed", dockerfile));
    }
}
