using System.Globalization;
using Kiln.Testing;
using static Kiln.Cli.Tests.Images.ImageInteropTestsSupport;

namespace Kiln.Cli.Tests.Build;

/// <summary>
/// Issue #5 "Ctrl-C or a cancelled build kills the container, unmounts everything and leaves the store consistent": SIGINT
/// while a RUN sleeps ends the build with 130, the container's process is gone, no overlay of the store stays mounted,
/// no work tree is left and the store checks clean.
/// </summary>
public sealed class RunCancelTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    [Fact]
    public async Task SigintDuringRunKillsTheContainerAndUnmountsEverything()
    {
        using var dir = new TempDirectory("kiln-run-cancel");
        var store = fixture.NewStore(dir);
        var context = Path.Combine(dir.Path, "ctx");
        Directory.CreateDirectory(context);
        var marker = "kiln-cancel-" + Guid.NewGuid().ToString("N")[..8];
        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"FROM {BuildFixture.Base}\nRUN echo started && sleep 600 && echo {marker}\n");

        using var process = StartKilnInterruptible(store, "build", "--progress=plain", context);
        var stdout = process.StandardOutput.ReadToEndAsync();
        // The RUN's own output line ("#5 0.051 started"), not the step's name that contains the command.
        while (await process.StandardError.ReadLineAsync() is { } line && !line.EndsWith(" started", StringComparison.Ordinal))
        {
        }

        for (var i = 0; i < 50 && !Sleeping(marker); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(Sleeping(marker), "the RUN's process should be running");
        Ok(Run("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)]), "kill -INT");
        var rest = await process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "kiln did not stop after SIGINT");
        _ = await stdout;
        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}\n{rest}");

        Assert.False(Sleeping(marker), "the container's process survived the cancelled build");
        var mounts = File.ReadAllText("/proc/self/mounts");
        Assert.DoesNotContain(store, mounts, StringComparison.Ordinal);
        var work = Path.Combine(store, "build");
        Assert.Empty(Directory.Exists(work) ? Directory.GetFileSystemEntries(work) : []);
        Ok(RunKiln(store, "system", "check"), "store check after the cancelled RUN");
    }

    private static bool Sleeping(string marker) =>
        Directory.EnumerateDirectories("/proc").Any(p =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(p, "cmdline")).Contains(marker, StringComparison.Ordinal);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        });
}
