using Kiln.Testing;
using static Kiln.Cli.Tests.Images.ImageInteropTestsSupport;

namespace Kiln.Cli.Tests.Build;

/// <summary>
/// The build cache in the store's maintenance commands (issue #4 "Image and cache disk usage visible in kiln system df;
/// kiln prune --cache, --keep-storage"): df counts the records, a plain prune keeps what cache hits need, and
/// <c>--cache</c> drops records so the next build misses.
/// </summary>
public sealed class CachePruneCommandTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    [Fact]
    public void SystemDfCountsRecordsAndPruneCacheDropsThem()
    {
        using var dir = new TempDirectory("kiln-cache-prune");
        var store = fixture.NewStore(dir);
        var context = Path.Combine(dir.Path, "ctx");
        Directory.CreateDirectory(context);
        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"FROM {BuildFixture.Base}\nCOPY a.txt /a.txt\nWORKDIR /w\nCOPY b.txt .\n");
        File.WriteAllText(Path.Combine(context, "a.txt"), "A\n");
        File.WriteAllText(Path.Combine(context, "b.txt"), new string('b', 5000));
        Build(store, context);

        var records = CacheRow(store);
        Assert.True(records[1] is "3", "three layer steps should leave three records: " + string.Join(' ', records));
        Assert.NotEqual("0B", records[3]);

        // A plain prune must keep the layers and snapshots the records point at: the rebuild hits every step.
        Ok(RunKiln(store, "prune", "-f"), "kiln prune");
        Assert.All(Build(store, context).InstructionSteps, s => Assert.True(s.Cached, s.Name + " should hit after a plain prune"));

        // Everything fits in 1 GB: nothing goes.
        Ok(RunKiln(store, "prune", "-f", "--cache", "--keep-storage", "1GB"), "kiln prune --cache --keep-storage");
        Assert.Equal("3", CacheRow(store)[1]);

        // --cache removes every record; the collection then frees what only the cache kept, and the store stays whole.
        Ok(RunKiln(store, "rmi", "app"), "kiln rmi");
        var pruned = Ok(RunKiln(store, "prune", "-f", "--cache"), "kiln prune --cache");
        Assert.Contains("Deleted build cache records:", pruned.Stdout, StringComparison.Ordinal);
        Assert.Equal("0", CacheRow(store)[1]);
        Ok(RunKiln(store, "system", "check"), "kiln system check");
        Assert.All(Build(store, context).InstructionSteps, s => Assert.False(s.Cached, s.Name + " should miss after prune --cache"));
    }

    [Fact]
    public void KeepStorageNeedsCacheAndAValidSize()
    {
        using var dir = new TempDirectory("kiln-cache-prune-args");
        var root = Path.Combine(dir.Path, "store");
        var withoutCache = RunKiln(root, "prune", "-f", "--keep-storage", "1GB");
        Assert.Equal(2, withoutCache.ExitCode);
        Assert.Contains("add --cache", withoutCache.Stderr, StringComparison.Ordinal);

        var badSize = RunKiln(root, "prune", "-f", "--cache", "--keep-storage", "lots");
        Assert.Equal(2, badSize.ExitCode);
        Assert.Contains("invalid size \"lots\"", badSize.Stderr, StringComparison.Ordinal);
    }

    private static BuildEvents Build(string store, string context) =>
        BuildEvents.Parse(Ok(RunKiln(store, "build", "--progress=rawjson", "-t", "app", context), "kiln build").Stderr);

    private static string[] CacheRow(string store)
    {
        var table = Ok(RunKiln(store, "system", "df"), "kiln system df").Stdout;
        var line = table.Split('\n').Single(l => l.StartsWith("Build Cache", StringComparison.Ordinal));
        return ["Build Cache", .. line["Build Cache".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)];
    }
}
