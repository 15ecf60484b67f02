using Kiln.Testing;

namespace Kiln.Cli.Tests;

/// <summary><c>kiln build</c> as far as the frontend goes: --check, --dry-run plans, --call subrequests, exit codes.</summary>
public sealed class BuildCommandTests
{
    [Fact]
    public void Dry_run_prints_the_needed_stages_in_order_with_buildkit_step_names()
    {
        var result = KilnProcess.Run("build", "--dry-run", "--platform", "linux/arm64", "examples/hello");

        Assert.True(result.ExitCode == 0, result.ToString());
        var expected = """
            plan: target app, 2 of 2 stage(s) needed, platform linux/arm64
            global ARG BASE=localhost:5000/kiln/busybox:1.36
            #1 [build 1/4] FROM localhost:5000/kiln/busybox:1.36
            #2 [build 2/4] WORKDIR /src
            #3 [build 3/4] COPY greeting.txt .
            #4 [build 4/4] RUN tr a-z A-Z < greeting.txt > GREETING.txt
                argv: ["/bin/sh", "-c", "tr a-z A-Z < greeting.txt > GREETING.txt"]
            #5 [app 1/5] FROM localhost:5000/kiln/busybox:1.36
            #6 [app 2/5] LABEL org.opencontainers.image.title="kiln hello"
            #7 [app 3/5] COPY --from=build /src/GREETING.txt /srv/greeting.txt
            #8 [app 4/5] USER 65534:65534
            #9 [app 5/5] CMD ["cat", "/srv/greeting.txt"]
            image config:
              Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]
              WorkingDir: /
              User: 65534:65534
              Cmd: ["cat", "/srv/greeting.txt"]
              Label: org.opencontainers.image.title=kiln hello

            """;
        Assert.Equal(expected, result.Stdout);
    }

    [Fact]
    public void Target_prunes_stages_and_build_args_override_global_defaults()
    {
        var result = KilnProcess.Run("build", "--dry-run", "--target", "BUILD", "--build-arg", "BASE=registry.local/base:2", "examples/hello");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("plan: target build, 1 of 2 stage(s) needed", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("#1 [build 1/4] FROM registry.local/base:2\n", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("[app ", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_target_is_invalid_with_a_suggestion()
    {
        var result = KilnProcess.Run("build", "--dry-run", "--target", "ap", "examples/hello");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("did you mean app?", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_flag_behaves_like_lint()
    {
        using var temp = new TempDirectory();
        temp.WriteFile("Dockerfile", "FROM alpine:3.20\nCMD echo hi\n");

        var result = KilnProcess.Run("build", "--check", temp.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("WARNING: JSONArgsRecommended", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Call_targets_lists_stages_with_their_descriptions()
    {
        var result = KilnProcess.Run("build", "--call=targets", "examples/hello");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("build          turns the greeting into upper case\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("app (default)  is the image users run\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Call_outline_lists_the_build_args_with_descriptions()
    {
        var result = KilnProcess.Run("build", "--call=outline", "--format", "json", "examples/hello");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\"name\": \"BASE\"", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"description\": \"is the image both stages start from\"", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Building_from_a_base_the_store_lacks_names_the_line_and_what_to_do()
    {
        using var temp = new TempDirectory();
        var result = KilnProcess.Run("--root", temp.Path, "build", "--progress=plain", "-t", "hello:1", "examples/hello");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Dockerfile:7:1", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("not in the local store", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("kiln load", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_tag_is_rejected_before_reading_anything()
    {
        var result = KilnProcess.Run("build", "--dry-run", "-t", "Hello:1", "examples/hello");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("invalid tag \"Hello:1\"", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_dockerfile_is_a_clear_error()
    {
        using var temp = new TempDirectory();

        var result = KilnProcess.Run("build", "--dry-run", temp.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no Dockerfile in", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Lower_case_dockerfile_is_accepted()
    {
        using var temp = new TempDirectory();
        temp.WriteFile("dockerfile", "FROM scratch\nENV A=1\n");

        var result = KilnProcess.Run("build", "--dry-run", temp.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("#2 [2/2] ENV A=1", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_foreign_syntax_frontend_is_reported_and_the_official_one_is_not()
    {
        using var temp = new TempDirectory();
        temp.WriteFile("Dockerfile", "# syntax=example.com/custom/frontend:2\nFROM scratch\n");
        var foreign = KilnProcess.Run("build", "--dry-run", temp.Path);
        Assert.True(foreign.ExitCode == 0, foreign.ToString());
        Assert.Contains("warning KILN2002: the syntax directive asks for the frontend image \"example.com/custom/frontend:2\"", foreign.Stderr, StringComparison.Ordinal);

        var official = KilnProcess.Run("build", "--dry-run", "examples/hello");
        Assert.DoesNotContain("KILN2002", official.Stderr, StringComparison.Ordinal);

        var overridden = KilnProcess.Run("build", "--dry-run", "--build-arg", "BUILDKIT_SYNTAX=dockerfile.v0", temp.Path);
        Assert.DoesNotContain("KILN2002", overridden.Stderr, StringComparison.Ordinal);
    }
}
