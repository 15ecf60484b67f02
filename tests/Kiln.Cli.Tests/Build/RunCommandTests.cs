using Kiln.Testing;
using static Kiln.Cli.Tests.Images.ImageInteropTestsSupport;

namespace Kiln.Cli.Tests.Build;

/// <summary>
/// <c>kiln run</c> (issue #5): an image runs with its own config (entrypoint, cmd, env, user, workdir) and docker run's
/// overrides (-e, -v, -u, -w, --entrypoint, a command after the image, options inside it), the exit code is the
/// command's, nothing it writes is kept, and <c>--health</c> runs the HEALTHCHECK and reports healthy or unhealthy.
/// </summary>
public sealed class RunCommandTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    [Fact]
    public void RunsTheImageConfigAndHonoursOverrides()
    {
        using var dir = new TempDirectory("kiln-run-command");
        var store = fixture.NewStore(dir);
        var context = Path.Combine(dir.Path, "ctx");
        Directory.CreateDirectory(context);
        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"""
            FROM {BuildFixture.Base}
            ENV GREETING=hello
            WORKDIR /app
            USER nobody
            ENTRYPOINT ["/bin/sh", "-c"]
            CMD ["echo $GREETING from $(pwd) as $(id -u); exit 7"]
            """);
        Ok(RunKiln(store, "build", "-q", "-t", "app", context), "build");

        var plain = RunKiln(store, "run", "--rm", "app");
        Assert.Equal(7, plain.ExitCode);
        Assert.Equal("hello from /app as 65534\n", plain.Stdout);

        var volume = Path.Combine(dir.Path, "vol");
        Directory.CreateDirectory(volume);
        File.WriteAllText(Path.Combine(volume, "in.txt"), "from the host\n");
        var overridden = RunKiln(store, "run", "-e", "GREETING=hi", "-u", "0", "-w", "/tmp", "-v", volume + ":/data:ro", "app", "echo $GREETING from $(pwd) as $(id -u); cat /data/in.txt; touch /data/x 2>/dev/null || echo read-only");
        Assert.True(overridden.ExitCode == 0, overridden.ToString());
        Assert.Equal("hi from /tmp as 0\nfrom the host\nread-only\n", overridden.Stdout);

        var entrypoint = RunKiln(store, "run", "--entrypoint", "/bin/ls", "app", "-d", "/app");
        Assert.True(entrypoint.ExitCode == 0, entrypoint.ToString());
        Assert.Equal("/app\n", entrypoint.Stdout);

        Ok(RunKiln(store, "run", "--entrypoint", "", "-u", "0", "app", "/bin/sh", "-c", "echo gone > /app/written"), "write in a container");
        var after = RunKiln(store, "run", "--entrypoint", "", "app", "/bin/sh", "-c", "cat /app/written 2>/dev/null || echo not kept");
        Assert.Equal("not kept\n", after.Stdout);

        var missing = RunKiln(store, "run", "no-such-image");
        Assert.Equal(125, missing.ExitCode);
        Assert.Contains("no-such-image", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void HealthRunsTheHealthcheck()
    {
        using var dir = new TempDirectory("kiln-run-health");
        var store = fixture.NewStore(dir);
        var context = Path.Combine(dir.Path, "ctx");
        Directory.CreateDirectory(context);
        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"""
            FROM {BuildFixture.Base}
            CMD ["/bin/sh", "-c", "touch /tmp/ready; sleep 30"]
            HEALTHCHECK --interval=1s --timeout=2s --retries=2 CMD test -f /tmp/ready
            """);
        Ok(RunKiln(store, "build", "-q", "-t", "healthy", context), "build healthy");
        var healthy = RunKiln(store, "run", "--health", "healthy");
        Assert.True(healthy.ExitCode == 0, healthy.ToString());
        Assert.Equal("healthy\n", healthy.Stdout);

        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"""
            FROM {BuildFixture.Base}
            CMD ["/bin/sh", "-c", "sleep 30"]
            HEALTHCHECK --interval=1s --timeout=2s --retries=2 CMD test -f /tmp/ready
            """);
        Ok(RunKiln(store, "build", "-q", "-t", "unhealthy", context), "build unhealthy");
        var unhealthy = RunKiln(store, "run", "--health", "unhealthy");
        Assert.Equal(1, unhealthy.ExitCode);
        Assert.Equal("unhealthy\n", unhealthy.Stdout);
    }
}
