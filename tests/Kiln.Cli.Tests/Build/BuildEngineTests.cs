using Kiln.Testing;
using static Kiln.Cli.Tests.Images.ImageInteropTestsSupport;

namespace Kiln.Cli.Tests.Build;

/// <summary>
/// Issue #4 acceptance through the real binary: the cache across processes (hits, mtime-only changes, one changed byte),
/// parallel independent stages, pruning of unneeded stages, --explain-cache, failed builds keeping the previous image,
/// outputs and a context tar on stdin. Steps are read from <c>--progress=rawjson</c>.
/// </summary>
public sealed class BuildEngineTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    private const string MultiStage = $"""
        FROM {BuildFixture.Base} AS one
        COPY a.txt /one/a.txt
        COPY dir/ /one/dir/

        FROM {BuildFixture.Base} AS two
        COPY b.txt /two/b.txt

        FROM one
        COPY --from=two /two/b.txt /final/b.txt
        COPY c.txt /final/c.txt
        ENV FINAL=1
        """;

    [Fact]
    public void SecondBuildHitsEveryStepAndMtimeAloneStillHits()
    {
        using var dir = new TempDirectory("kiln-build-cache");
        var store = fixture.NewStore(dir);
        var context = MakeContext(dir, MultiStage);
        var first = Build(store, context, "-t", "app:1");
        Assert.All(first.InstructionSteps, s => Assert.False(s.Cached, s.Name));
        Assert.Equal(5, first.InstructionSteps.Count);

        var second = Build(store, context, "-t", "app:2");
        Assert.All(second.InstructionSteps, s => Assert.True(s.Cached, s.Name + " should be cached"));
        Assert.Equal(Id(store, "app:1"), Id(store, "app:2"));

        File.SetLastWriteTimeUtc(Path.Combine(context, "a.txt"), DateTime.UtcNow.AddHours(-3));
        File.SetLastWriteTimeUtc(Path.Combine(context, "dir", "x.txt"), DateTime.UtcNow.AddHours(2));
        var third = Build(store, context, "-t", "app:3");
        Assert.All(third.InstructionSteps, s => Assert.True(s.Cached, s.Name + " should be cached after an mtime-only change"));
        Assert.Equal(Id(store, "app:1"), Id(store, "app:3"));
    }

    [Fact]
    public void ChangingOneByteMissesExactlyTheStepsThatDependOnIt()
    {
        using var dir = new TempDirectory("kiln-build-byte");
        var store = fixture.NewStore(dir);
        var context = MakeContext(dir, MultiStage);
        Build(store, context);

        // b.txt feeds stage two's COPY and, through --from, the final COPY --from and everything after it.
        File.WriteAllText(Path.Combine(context, "b.txt"), "B!\n");
        var events = Build(store, context, "--explain-cache");
        var missed = events.InstructionSteps.Where(s => !s.Cached).Select(s => s.Name).ToList();
        Assert.Equal(
            ["[two 2/2] COPY b.txt /two/b.txt", "[stage-2 2/3] COPY --from=two /two/b.txt /final/b.txt", "[stage-2 3/3] COPY c.txt /final/c.txt"],
            missed);
        Assert.Contains(events.Named("COPY b.txt").Explanations, r => r.Contains("b.txt", StringComparison.Ordinal));
    }

    [Fact]
    public void IndependentStagesOverlapAndUnneededStagesNeverStart()
    {
        using var server = Differential.StaticHttpServer.Slow(TimeSpan.FromSeconds(1.5));
        using var dir = new TempDirectory("kiln-build-parallel");
        var store = fixture.NewStore(dir);
        var context = MakeContext(dir, $"""
            FROM {BuildFixture.Base} AS left
            ADD {server.BaseUrl}/left /left

            FROM {BuildFixture.Base} AS right
            ADD {server.BaseUrl}/right /right

            FROM {BuildFixture.Base} AS unused
            COPY a.txt /unused

            FROM scratch
            COPY --from=left /left /left
            COPY --from=right /right /right
            """);
        var events = Build(store, context);
        var left = events.Named("ADD " + server.BaseUrl + "/left");
        var right = events.Named("ADD " + server.BaseUrl + "/right");
        Assert.True(left.Started < right.Completed && right.Started < left.Completed, $"the two ADD steps did not overlap: {left} {right}");
        Assert.DoesNotContain(events.Steps, s => s.Name.Contains("unused", StringComparison.Ordinal));
    }

    [Fact]
    public void FailedBuildSaysWhyAndKeepsThePreviousImage()
    {
        using var dir = new TempDirectory("kiln-build-fail");
        var store = fixture.NewStore(dir);
        var context = MakeContext(dir, $"FROM {BuildFixture.Base}\nCOPY a.txt /a.txt\n");
        Ok(RunKiln(store, "build", "-t", "app:1", "--progress=plain", context), "first build");
        var before = Id(store, "app:1");

        File.WriteAllText(Path.Combine(context, ".dockerignore"), "# secrets\na.txt\n");
        var failed = RunKiln(store, "build", "-t", "app:1", "--progress=plain", context);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("a.txt", failed.Stderr, StringComparison.Ordinal);
        Assert.Contains(".dockerignore", failed.Stderr, StringComparison.Ordinal);
        Assert.Contains("Dockerfile:2", failed.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, Id(store, "app:1"));
    }

    [Fact]
    public void LocalAndTarOutputsHoldTheFinalFilesystem()
    {
        using var dir = new TempDirectory("kiln-build-outputs");
        var store = fixture.NewStore(dir);
        var context = MakeContext(dir, "FROM scratch\nCOPY a.txt /x/a.txt\nCOPY dir /d\n");
        var local = Path.Combine(dir.Path, "out");
        var tar = Path.Combine(dir.Path, "out.tar");
        Ok(RunKiln(store, "build", "--progress=plain", "-o", "type=local,dest=" + local, "-o", "type=tar,dest=" + tar, context), "build");
        Assert.Equal("A\n", File.ReadAllText(Path.Combine(local, "x", "a.txt")));
        Assert.Equal("X\n", File.ReadAllText(Path.Combine(local, "d", "x.txt")));
        var listing = Ok(Run("tar", ["-tf", tar]), "tar -t").Stdout;
        Assert.Contains("x/a.txt", listing, StringComparison.Ordinal);
        Assert.Contains("d/x.txt", listing, StringComparison.Ordinal);
    }

    [Fact]
    public void ContextTarOnStdinBuilds()
    {
        using var dir = new TempDirectory("kiln-build-stdin");
        var store = fixture.NewStore(dir);
        var context = MakeContext(dir, "FROM scratch\nCOPY a.txt /a.txt\n");
        var tar = Path.Combine(dir.Path, "ctx.tar");
        Ok(Run("tar", ["-C", context, "-cf", tar, "."]), "tar");
        var result = Ok(Run("bash", ["-c", $"'{Path.Combine(TestPaths.RepositoryRoot, "kiln")}' --root '{store}' build -q -t fromstdin - < '{tar}'"]), "build from stdin");
        Assert.StartsWith("sha256:", result.Stdout.Trim(), StringComparison.Ordinal);
        Assert.Equal(result.Stdout.Trim(), Id(store, "fromstdin"));
    }

    private static BuildEvents Build(string store, string context, params string[] extra)
    {
        var result = Ok(RunKiln(store, ["build", "--progress=rawjson", .. extra, context]), "kiln build");
        return BuildEvents.Parse(result.Stderr);
    }

    private static string Id(string store, string name)
    {
        var json = Ok(RunKiln(store, "inspect", name), "kiln inspect").Stdout;
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement[0].GetProperty("Id").GetString()!;
    }

    private static string MakeContext(TempDirectory dir, string dockerfile)
    {
        var context = Path.Combine(dir.Path, "ctx");
        Directory.CreateDirectory(Path.Combine(context, "dir"));
        File.WriteAllText(Path.Combine(context, "Dockerfile"), dockerfile);
        File.WriteAllText(Path.Combine(context, "a.txt"), "A\n");
        File.WriteAllText(Path.Combine(context, "b.txt"), "B\n");
        File.WriteAllText(Path.Combine(context, "c.txt"), "C\n");
        File.WriteAllText(Path.Combine(context, "dir", "x.txt"), "X\n");
        return context;
    }
}
