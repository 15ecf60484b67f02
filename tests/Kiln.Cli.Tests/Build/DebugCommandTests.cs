using System.Text.RegularExpressions;
using Kiln.Testing;
using static Kiln.Cli.Tests.Images.ImageInteropTestsSupport;

namespace Kiln.Cli.Tests.Build;

/// <summary>
/// Issue #5 <c>--on-failure=keep</c>: a failing RUN keeps its filesystem, the error prints the one command that opens it,
/// <c>kiln debug ID CMD</c> runs in exactly the state the step failed in (its writes and deletions, its workdir), the kept
/// state does not change by being opened, the store stays consistent and <c>--remove</c> deletes it.
/// </summary>
public sealed partial class DebugCommandTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    [Fact]
    public void FailedStepIsKeptAndOpensInTheStateItFailedIn()
    {
        using var dir = new TempDirectory("kiln-debug");
        var store = fixture.NewStore(dir);
        var context = Path.Combine(dir.Path, "ctx");
        Directory.CreateDirectory(context);
        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"FROM {BuildFixture.Base}\nWORKDIR /w\nRUN echo partial > /w/partial && rm /bin/yes && exit 4\n");

        var failed = RunKiln(store, "build", "--progress=plain", "--on-failure=keep", context);
        Assert.Equal(1, failed.ExitCode);
        var match = DebugCommand().Match(failed.Stderr);
        Assert.True(match.Success, "no kiln debug command in: " + failed.Stderr);
        Assert.Equal(store, match.Groups["root"].Value);
        var id = match.Groups["id"].Value;

        var inside = RunKiln(store, "debug", id, "sh", "-c", "cat partial; pwd; test -e /bin/yes && echo yes-present || echo yes-deleted; echo changed > /w/partial");
        Assert.True(inside.ExitCode == 0, inside.ToString());
        Assert.Equal("partial\n/w\nyes-deleted\n", inside.Stdout);
        Assert.Equal("partial\n", RunKiln(store, "debug", id, "cat", "/w/partial").Stdout);
        Assert.Equal(3, RunKiln(store, "debug", id, "sh", "-c", "exit 3").ExitCode);
        Ok(RunKiln(store, "system", "check"), "store check with a kept step");

        Ok(RunKiln(store, "debug", "--remove", id), "kiln debug --remove");
        var gone = RunKiln(store, "debug", id, "true");
        Assert.Equal(125, gone.ExitCode);
        Assert.Contains("no kept step " + id, gone.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutKeepNothingIsKept()
    {
        using var dir = new TempDirectory("kiln-debug-none");
        var store = fixture.NewStore(dir);
        var context = Path.Combine(dir.Path, "ctx");
        Directory.CreateDirectory(context);
        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"FROM {BuildFixture.Base}\nRUN exit 1\n");
        var failed = RunKiln(store, "build", "--progress=plain", context);
        Assert.Equal(1, failed.ExitCode);
        Assert.DoesNotContain("kiln debug", failed.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(store, "debug")) && Directory.EnumerateFileSystemEntries(Path.Combine(store, "debug")).Any());
    }

    [GeneratedRegex(@"kiln --root (?<root>\S+) debug (?<id>[0-9a-f]+)")]
    private static partial Regex DebugCommand();
}
