using Kiln.Dockerfile.Planning;
using Kiln.Oci;
using static Kiln.Dockerfile.Tests.Planning.Plans;

namespace Kiln.Dockerfile.Tests.Planning;

/// <summary>Global ARGs, automatic platform ARGs and FROM expansion (DF-ARG-GLOBAL*, DF-PARG-*, DF-VAR-FROM-SCOPE, DF-FROM-PLATFORM).</summary>
public sealed class BuildPlannerArgTests
{
    private static Dictionary<string, string> Args(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    [Fact]
    public void Global_arg_expands_from()
    {
        var plan = Plan("ARG V=3.19\nFROM alpine:$V\n");
        Assert.Equal("alpine:3.19", plan.Stages[0].BaseName);
        Assert.Equal("docker.io/library/alpine:3.19", Assert.IsType<ImageBase>(plan.Stages[0].Base).Reference.ToString());
        Assert.Equal(["V"], plan.Stages[0].UsedGlobalArgs.ToArray());
        var arg = Assert.Single(plan.GlobalArgs);
        Assert.Equal(("V", "3.19", "3.19"), (arg.Name, arg.Value, arg.Default));
    }

    [Fact]
    public void Build_arg_overrides_global_default()
    {
        var plan = Plan("ARG V=3.19\nFROM alpine:${V}\n", Request(args: Args(("V", "3.20"))));
        Assert.Equal("alpine:3.20", plan.Stages[0].BaseName);
        Assert.Equal("3.20", plan.GlobalArgs[0].Value);
    }

    [Fact]
    public void Global_defaults_reference_earlier_globals_and_platform_args()
    {
        var plan = Plan("""
            ARG REPO=library
            ARG IMAGE=${REPO}/busybox
            ARG TAG=$TARGETARCH-latest
            FROM $IMAGE:$TAG
            """, Request(targetPlatform: Arm64));
        Assert.Equal("library/busybox:arm64-latest", plan.Stages[0].BaseName);
        Assert.Equal(["REPO"], plan.GlobalArgs[1].Dependencies.ToArray());
        Assert.Equal(["TARGETARCH"], plan.GlobalArgs[2].Dependencies.ToArray());
    }

    [Fact]
    public void Global_arg_without_value_is_unset()
    {
        var plan = Plan("ARG V\nFROM alpine${V:+:x}\n");
        Assert.Null(plan.GlobalArgs[0].Value);
        Assert.Equal("alpine", plan.Stages[0].BaseName);
        Assert.False(plan.TryGetGlobal("V", out _));
        Assert.Empty(plan.Stages[0].UndefinedFromArgs);
    }

    [Fact]
    public void Undeclared_name_in_from_is_recorded()
    {
        var plan = Plan("FROM alpine${TAGG:-}\n");
        Assert.Equal(["TAGG"], plan.Stages[0].UndefinedFromArgs.ToArray());
    }

    [Fact]
    public void Stage_env_or_arg_is_not_visible_in_later_from()
    {
        var ex = PlanError("FROM alpine\nARG BASE=alpine\nENV IMG=alpine\nFROM $BASE$IMG\n");
        Assert.Equal(PlanningErrorIds.BlankBaseName, ex.Diagnostic.Id);
        Assert.Equal("base name ($BASE$IMG) should not be blank", ex.Diagnostic.Message);
        Assert.Equal(4, ex.Diagnostic.Range!.Value.Start.Line);
    }

    [Fact]
    public void Automatic_platform_args()
    {
        var plan = Plan("FROM scratch\n", Request(targetPlatform: new Platform("linux", "arm", "v7"), buildPlatform: Amd64));
        string Get(string name) => plan.TryGetGlobal(name, out var v) ? v : "<unset>";
        Assert.Equal("linux/arm/v7", Get("TARGETPLATFORM"));
        Assert.Equal("linux", Get("TARGETOS"));
        Assert.Equal("arm", Get("TARGETARCH"));
        Assert.Equal("v7", Get("TARGETVARIANT"));
        Assert.Equal("linux/amd64", Get("BUILDPLATFORM"));
        Assert.Equal("linux", Get("BUILDOS"));
        Assert.Equal("amd64", Get("BUILDARCH"));
        Assert.Equal(string.Empty, Get("BUILDVARIANT"));
    }

    [Fact]
    public void Automatic_args_can_be_overridden()
    {
        var plan = Plan("FROM --platform=$BUILDPLATFORM alpine\n", Request(args: Args(("BUILDPLATFORM", "linux/s390x"))));
        Assert.Equal(new Platform("linux", "s390x"), plan.Stages[0].Platform);
        Assert.True(plan.Stages[0].HasExplicitPlatform);
    }

    [Theory]
    [InlineData(null, "release")]
    [InlineData("Build", "Build")]
    public void Targetstage_is_the_requested_or_last_stage(string? target, string expected)
    {
        var plan = Plan("FROM alpine AS build\nFROM scratch AS release\n", Request(target: target));
        Assert.True(plan.TryGetGlobal("TARGETSTAGE", out var value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Targetstage_of_unnamed_last_stage_is_default()
    {
        var plan = Plan("FROM alpine\n");
        Assert.True(plan.TryGetGlobal("TARGETSTAGE", out var value));
        Assert.Equal("default", value);
    }

    [Fact]
    public void Platform_flag_uses_global_scope_and_stage_platforms_propagate()
    {
        var plan = Plan("""
            ARG P=linux/arm64
            FROM --platform=$P alpine AS cross
            FROM cross AS child
            FROM --platform=linux/arm64 cross AS ignored
            FROM alpine
            """);
        Assert.Equal(Arm64, plan.Stages[0].Platform);
        Assert.Equal(Arm64, plan.Stages[1].Platform);
        Assert.False(plan.Stages[1].HasExplicitPlatform);
        Assert.Equal(Amd64, plan.Stages[3].Platform);
        Assert.Equal(["P"], plan.Stages[0].UsedGlobalArgs.ToArray());
    }

    [Fact]
    public void Empty_platform_is_an_error()
    {
        var ex = PlanError("ARG P\nFROM --platform=$P alpine\n");
        Assert.Equal(PlanningErrorIds.InvalidPlatform, ex.Diagnostic.Id);
        Assert.Equal("empty platform value from expression $P", ex.Diagnostic.Message);
    }

    [Fact]
    public void Invalid_platform_is_an_error()
    {
        var ex = PlanError("FROM --platform=linux/amd64/v2/extra alpine\n");
        Assert.Equal(PlanningErrorIds.InvalidPlatform, ex.Diagnostic.Id);
        Assert.StartsWith("failed to parse platform linux/amd64/v2/extra", ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expansion_error_in_global_default_points_at_the_arg()
    {
        var ex = PlanError("ARG A=1\nARG B=${A:?unset}${C:?required}\nFROM alpine\n");
        Assert.Equal(PlanningErrorIds.GlobalArg, ex.Diagnostic.Id);
        Assert.Contains("C: required", ex.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(2, ex.Diagnostic.Range!.Value.Start.Line);
    }

    [Fact]
    public void Global_arg_description_from_comment()
    {
        var plan = Plan("# VERSION the release to build\nARG VERSION=1.0\nFROM alpine:$VERSION\n");
        Assert.Equal("the release to build", plan.GlobalArgs[0].Description);
        Assert.Equal(2, plan.GlobalArgs[0].Range.Start.Line);
    }

    [Fact]
    public void Escape_directive_is_used_for_from_expansion()
    {
        var plan = Plan("# escape=`\nARG T=1\nFROM alpine:${T}`.0\n");
        Assert.Equal("alpine:1.0", plan.Stages[0].BaseName);
    }
}
