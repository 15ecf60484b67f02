using Kiln.Testing;
using static Kiln.Cli.Tests.Images.ImageInteropTestsSupport;

namespace Kiln.Cli.Tests.Build;

/// <summary>
/// Issue #4 "Ctrl-C cancels cleanly and leaves the store consistent": SIGINT in the middle of a step ends the build with
/// exit 130, the store checks clean, the tag still names the previous image and no work tree is left behind.
/// </summary>
public sealed class BuildCancelTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    [Fact]
    public async Task SigintMidStepCancelsAndKeepsThePreviousImage()
    {
        using var server = Differential.StaticHttpServer.Slow(TimeSpan.FromSeconds(60));
        using var dir = new TempDirectory("kiln-build-cancel");
        var store = fixture.NewStore(dir);
        var context = Path.Combine(dir.Path, "ctx");
        Directory.CreateDirectory(context);
        File.WriteAllText(Path.Combine(context, "a.txt"), "A\n");
        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"FROM {BuildFixture.Base}\nCOPY a.txt /a.txt\n");
        Ok(RunKiln(store, "build", "-q", "-t", "app:1", context), "first build");
        var before = Id(store);

        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"FROM {BuildFixture.Base}\nCOPY a.txt /a.txt\nADD {server.BaseUrl}/slow /slow\n");
        using var process = StartKilnInterruptible(store, "build", "--progress=plain", "-t", "app:1", context);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var seen = new System.Text.StringBuilder();
        while (await process.StandardError.ReadLineAsync() is { } line)
        {
            seen.AppendLine(line);
            if (line.Contains("ADD " + server.BaseUrl, StringComparison.Ordinal))
            {
                break;
            }
        }

        await Task.Delay(300); // the download is in flight
        Ok(Run("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]), "kill -INT");
        var rest = await process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "kiln did not stop after SIGINT");
        _ = await stdout;
        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}\n{seen}{rest}");
        Assert.Contains("CANCELED", rest, StringComparison.Ordinal);

        Ok(RunKiln(store, "system", "check"), "store check after the cancelled build");
        Assert.Equal(before, Id(store));
        var leftovers = Directory.Exists(Path.Combine(store, "build")) ? Directory.GetFileSystemEntries(Path.Combine(store, "build")) : [];
        Assert.Empty(leftovers);
    }

    private static string Id(string store)
    {
        using var document = System.Text.Json.JsonDocument.Parse(Ok(RunKiln(store, "inspect", "app:1"), "kiln inspect").Stdout);
        return document.RootElement[0].GetProperty("Id").GetString()!;
    }
}
