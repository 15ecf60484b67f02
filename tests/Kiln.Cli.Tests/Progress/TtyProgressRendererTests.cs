using System.Text.RegularExpressions;
using Kiln.Build.Progress;
using Kiln.Cli.Rendering.Progress;
using static Kiln.Cli.Tests.Progress.Events;

namespace Kiln.Cli.Tests.Progress;

/// <summary><c>--progress=tty</c>: the live view (snapshots), the final static print and the failed step's whole log.</summary>
public sealed class TtyProgressRendererTests
{
    // A row as BuildKit lays it out in `width - 1` cells: the text left, the time right.
    private static string Row(int width, string left, string timer) => left.PadRight(width - 1 - timer.Length - 1) + " " + timer;

    [Fact]
    public async Task Final_print_lists_every_step_then_the_whole_log_of_the_failed_step()
    {
        var terminal = new FakeTerminal(60, 40);
        var renderer = new TtyProgressRenderer(terminal.Console, new ProgressRendererOptions { TimeProvider = new ManualTimeProvider(T0) });
        var longLine = new string('y', 300);
        BuildEvent[] events =
        [
            Started(1, "[internal] load build definition from Dockerfile", 0),
            Done(1, 0.01, 0.01),
            Started(2, "[build 1/3] FROM docker.io/library/busybox:latest", 0.02),
            Cached(2, 0.02),
            Started(3, "[build 2/3] COPY a /a", 0.1),
            Status(3, 0.2, "transferring context:", 2100, completed: true),
            Done(3, 0.4, 0.3),
            Started(4, "[build 3/3] RUN false", 0.4),
            Log(4, 0.5, "one\n"),
            Log(4, 0.6, longLine),
            Failed(4, 1.4, 1.0, "exit code: 1"),
            Warning(1.5, "FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)"),
            Finished(1.5, 1.5, error: "failed to solve"),
        ];
        foreach (var e in events)
        {
            renderer.Report(e);
        }

        await renderer.CompleteAsync();

        Assert.Equal(
            "[+] Building 1.5s (4/4) FINISHED\n" +
            Row(60, " => [internal] load build definition from Dockerfile", "0.0s") + "\n" +
            Row(60, " => CACHED [build 1/3] FROM docker.io/library/busybox…", "0.0s") + "\n" +
            Row(60, " => [build 2/3] COPY a /a", "0.3s") + "\n" +
            Row(60, " => => transferring context: 2.10kB", "0.0s") + "\n" +
            Row(60, " => ERROR [build 3/3] RUN false", "1.0s") + "\n" +
            "------\n" +
            " > [build 3/3] RUN false:\n" +
            "0.100 one\n" +
            "0.200 " + longLine + "\n" +
            "------\n" +
            "\n 1 warning found (use docker --debug to expand):\n" +
            " - FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)\n",
            terminal.FinalPrint());
    }

    [Fact]
    public async Task Live_view_shows_a_spinner_elapsed_time_and_the_last_log_lines_of_running_steps()
    {
        var terminal = new FakeTerminal(60, 40);
        await using var renderer = new TtyProgressRenderer(terminal.Console, new ProgressRendererOptions { TimeProvider = new ManualTimeProvider(T0) });
        renderer.Report(Started(1, "[build 1/2] FROM busybox", 0));
        renderer.Report(Cached(1, 0));
        renderer.Report(Started(2, "[build 2/2] RUN make", 0));
        for (var i = 1; i <= 8; i++)
        {
            renderer.Report(Log(2, i * 0.1, $"line {i}\u001b[31m red\u001b[0m\tx\n"));
        }

        renderer.Report(Log(2, 2.5, "progress 10%\rprogress 55%"));

        var lines = renderer.Snapshot(final: false).Lines(60).ToList();

        Assert.Equal("[+] Building 2.5s (1/2)", lines[0]);
        Assert.Equal(Row(60, " => CACHED [build 1/2] FROM busybox", "0.0s"), lines[1]);
        Assert.Matches(@"^ => \[build 2/2\] RUN make +[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] 2\.5s$", lines[2]);
        Assert.Equal(59, lines[2].Length);
        Assert.Equal(
            [" => => # line 4 red x", " => => # line 5 red x", " => => # line 6 red x", " => => # line 7 red x", " => => # line 8 red x", " => => # progress 55%"],
            lines[3..].Select(l => l.TrimEnd()));
    }

    [Fact]
    public async Task A_narrow_terminal_drops_the_times_and_cuts_names()
    {
        var terminal = new FakeTerminal(20, 40);
        await using var renderer = new TtyProgressRenderer(terminal.Console, new ProgressRendererOptions { TimeProvider = new ManualTimeProvider(T0) });
        renderer.Report(Started(1, "[build 2/4] COPY a /a", 0));
        renderer.Report(Log(1, 0.1, new string('z', 100) + "\n"));

        var lines = renderer.Snapshot(final: false).Lines(20).ToList();

        Assert.Equal(["[+] Building 0.1s …", " => [build 2/4] CO…", " => => # zzzzzzzzz…"], lines);
        Assert.All(lines, l => Assert.True(l.Length <= 19, l));
    }

    [Fact]
    public async Task A_short_terminal_keeps_running_steps_and_drops_finished_ones_first()
    {
        var terminal = new FakeTerminal(60, 8);
        await using var renderer = new TtyProgressRenderer(terminal.Console, new ProgressRendererOptions { TimeProvider = new ManualTimeProvider(T0) });
        for (var i = 1; i <= 10; i++)
        {
            renderer.Report(Started(i, $"[build {i}/11] RUN step {i}", 0));
            renderer.Report(Done(i, 0.1, 0.1));
        }

        renderer.Report(Started(11, "[build 11/11] RUN last", 0.2));
        for (var i = 1; i <= 10; i++)
        {
            renderer.Report(Log(11, 0.3, $"out {i}\n"));
        }

        var lines = renderer.Snapshot(final: false).Lines(60).ToList();

        Assert.True(lines.Count <= 8, string.Join('\n', lines));
        Assert.Contains(lines, l => l.StartsWith(" => [build 11/11] RUN last", StringComparison.Ordinal));
        Assert.Equal(" => => # out 10", lines[^1].TrimEnd());
        Assert.DoesNotContain(lines, l => l.Contains("RUN step 1 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_view_is_redrawn_at_most_ten_times_a_second()
    {
        var terminal = new FakeTerminal(80, 24);
        var renderer = new TtyProgressRenderer(terminal.Console);
        var started = DateTimeOffset.UtcNow;
        renderer.Report(new StepStarted(DateTimeOffset.UtcNow, 1, "[build 1/1] RUN busy"));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var n = 0;
        while (clock.ElapsedMilliseconds < 1000)
        {
            renderer.Report(new StepLog(DateTimeOffset.UtcNow, 1, 1, System.Text.Encoding.UTF8.GetBytes($"line {n++}\n")));
            await Task.Delay(2);
        }

        renderer.Report(new StepCompleted(DateTimeOffset.UtcNow, 1, false, DateTimeOffset.UtcNow - started));
        var elapsed = clock.Elapsed;
        await renderer.CompleteAsync();

        var frames = Regex.Matches(terminal.Writer.ToString(), Regex.Escape("[+] Building")).Count;
        Assert.InRange(frames, 3, (int)(elapsed.TotalMilliseconds / 100) + 5);
        Assert.Contains(" => [build 1/1] RUN busy", terminal.FinalPrint(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_step_is_marked_and_its_log_is_not_printed()
    {
        var terminal = new FakeTerminal(50, 20);
        var renderer = new TtyProgressRenderer(terminal.Console, new ProgressRendererOptions { TimeProvider = new ManualTimeProvider(T0) });
        renderer.Report(Started(1, "[build 1/1] RUN sleep 9", 0));
        renderer.Report(Log(1, 0.1, "zzz\n"));
        renderer.Report(Canceled(1, 2, 2));
        await renderer.CompleteAsync();

        Assert.Equal("[+] Building 2.0s (1/1) FINISHED\n" + Row(50, " => CANCELED [build 1/1] RUN sleep 9", "2.0s") + "\n", terminal.FinalPrint());
    }
}
