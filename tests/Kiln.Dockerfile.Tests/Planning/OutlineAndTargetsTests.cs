using Kiln.Dockerfile.Instructions;
using Kiln.Dockerfile.Planning;
using static Kiln.Dockerfile.Tests.Planning.Plans;

namespace Kiln.Dockerfile.Tests.Planning;

/// <summary><c>--call=targets</c> and <c>--call=outline</c> (CALL-TARGETS, CALL-OUTLINE, DF-STAGE-DOC, DF-ARG-DOC).</summary>
public sealed class OutlineAndTargetsTests
{
    private const string Dockerfile = """
        # GO_VERSION the Go toolchain version
        ARG GO_VERSION=1.22
        ARG UNUSED=x

        # build compiles the binary
        FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS build
        # TARGETOS
        ARG TARGETOS
        # LDFLAGS extra linker flags
        ARG LDFLAGS="-s -w"
        RUN --mount=type=cache,target=/root/.cache/go-build --mount=type=secret,id=netrc,required --mount=type=ssh,id=github go build

        # test runs the tests
        FROM build AS test
        ARG TEST_FLAGS
        RUN --mount=type=secret,id=other go test

        FROM alpine
        COPY --from=build /out /app
        """;

    [Fact]
    public void Targets_list_every_stage_with_descriptions()
    {
        var targets = PlanTargets.List(Parse(Dockerfile));
        Assert.Equal(3, targets.Count);
        Assert.Equal(("build", "compiles the binary", false, "golang:${GO_VERSION}", "$BUILDPLATFORM"),
            (targets[0].Name, targets[0].Description, targets[0].IsDefault, targets[0].Base, targets[0].Platform));
        Assert.Equal(6, targets[0].Location.Start.Line);
        Assert.Equal(("test", "runs the tests", false), (targets[1].Name, targets[1].Description, targets[1].IsDefault));
        Assert.Equal((string.Empty, string.Empty, true, "alpine", (string?)null),
            (targets[2].Name, targets[2].Description, targets[2].IsDefault, targets[2].Base, targets[2].Platform));
    }

    [Fact]
    public void Outline_of_default_target()
    {
        var plan = Plan(Dockerfile);
        var outline = PlanOutline.Create(plan);
        Assert.Equal(string.Empty, outline.Target);
        Assert.Equal(
            ["GO_VERSION=1.22 @2 the Go toolchain version", "LDFLAGS=-s -w @10 extra linker flags"],
            outline.Args.Select(a => $"{a.Name}={a.Value} @{a.Location.Start.Line} {a.Description}").ToArray());
        var secret = Assert.Single(outline.Secrets);
        Assert.Equal(("netrc", true, 11), (secret.Id, secret.Required, secret.Location.Start.Line));
        var ssh = Assert.Single(outline.Ssh);
        Assert.Equal(("github", false), (ssh.Id, ssh.Required));
        var cache = Assert.Single(outline.CacheMounts);
        Assert.Equal(("/root/.cache/go-build", "/root/.cache/go-build", CacheSharing.Shared), (cache.Id, cache.Target, cache.Sharing));
    }

    [Fact]
    public void Outline_of_named_target_includes_its_args_and_base_chain()
    {
        var plan = Plan(Dockerfile, Request(target: "test", args: new Dictionary<string, string> { ["GO_VERSION"] = "1.23" }));
        var outline = PlanOutline.Create(plan);
        Assert.Equal("test", outline.Target);
        Assert.Equal("runs the tests", outline.Description);
        Assert.Equal(["GO_VERSION=1.23", "LDFLAGS=-s -w", "TEST_FLAGS="], outline.Args.Select(a => $"{a.Name}={a.Value}").ToArray());
        Assert.Equal(["netrc", "other"], outline.Secrets.Select(s => s.Id).ToArray());
    }

    [Fact]
    public void Outline_follows_global_arg_dependencies()
    {
        var plan = Plan("ARG REG=docker.io\nARG IMG=$REG/library/alpine\nFROM $IMG\n");
        var outline = PlanOutline.Create(plan);
        Assert.Equal(["REG", "IMG"], outline.Args.Select(a => a.Name).ToArray());
    }

    [Fact]
    public void Outline_skips_unneeded_stages()
    {
        var plan = Plan("FROM alpine AS unused\nARG HIDDEN=1\nRUN --mount=type=secret,id=s true\nFROM alpine\nARG SHOWN=2\n");
        var outline = PlanOutline.Create(plan);
        Assert.Equal(["SHOWN"], outline.Args.Select(a => a.Name).ToArray());
        Assert.Empty(outline.Secrets);
    }
}
