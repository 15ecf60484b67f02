namespace Kiln.Cli.Tests.Store;

/// <summary><c>kiln history</c>: newest first, &lt;missing&gt; below the top, CREATED BY truncation, per-layer sizes.</summary>
public sealed class HistoryCommandTests
{
    [Fact]
    public async Task History_prints_dockers_table_newest_first()
    {
        var (store, _, app) = await StoreScenario.CreateAsync();
        using var __ = store;

        var result = store.Kiln("history", "app:1.0").AssertSuccess();

        var expected =
            "IMAGE          CREATED       CREATED BY                                      SIZE      COMMENT\n" +
            $"{app.Id.Short}   3 days ago    CMD [\"cat\" \"/srv/greeting.txt\"]                 0B        buildkit.dockerfile.v0\n" +
            "<missing>      3 days ago    RUN /bin/sh -c echo hello > /srv/greeting.tx…   2.05kB    buildkit.dockerfile.v0\n" +
            "<missing>      3 days ago    WORKDIR /srv                                    0B        buildkit.dockerfile.v0\n" +
            "<missing>      4 weeks ago   /bin/sh -c #(nop)  CMD [\"sh\"]                   0B        \n" +
            "<missing>      4 weeks ago   /bin/sh -c #(nop) ADD file:5b1e63a3cb041772 …   2.05kB    \n";
        Assert.Equal(expected, result.Stdout);
    }

    [Fact]
    public async Task No_trunc_quiet_and_non_human_output()
    {
        var (store, _, app) = await StoreScenario.CreateAsync();
        using var __ = store;

        var full = store.Kiln("history", "--no-trunc", "app:1.0").AssertSuccess();
        var quiet = store.Kiln("history", "-q", app.Id.Short).AssertSuccess();
        var raw = store.Kiln("history", "-H=false", "app:1.0").AssertSuccess();

        Assert.Contains(StoreScenario.LongRun + "   2.05kB", full.Stdout, StringComparison.Ordinal);
        Assert.StartsWith(app.Id + "   ", full.Stdout.Split('\n')[1], StringComparison.Ordinal);
        Assert.Equal($"{app.Id.Short}\n<missing>\n<missing>\n<missing>\n<missing>\n", quiet.Stdout);
        var lines = raw.Stdout.Split('\n');
        Assert.StartsWith("IMAGE          CREATED AT             CREATED BY", lines[0], StringComparison.Ordinal);
        var appCreated = StoreScenario.AppCreated.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith($"<missing>      {appCreated}   RUN /bin/sh -c echo hello > /srv/greeting.tx…   2048      ", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_image_exits_1()
    {
        using var store = await TestStore.CreateAsync();

        var result = store.Kiln("history", "nosuch:latest");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error: No such image: nosuch:latest\n", result.Stderr);
    }
}
