using Kiln.Build.Progress;
using Kiln.Cli.Rendering.Progress;
using static Kiln.Cli.Tests.Progress.Events;

namespace Kiln.Cli.Tests.Progress;

/// <summary><c>--progress=plain</c>: BuildKit's <c>#N</c> blocks, byte for byte.</summary>
public sealed class PlainProgressRendererTests
{
    private static async Task<string> RenderAsync(IEnumerable<BuildEvent> events, ProgressRendererOptions? options = null)
    {
        var writer = new LockedStringWriter();
        var renderer = new PlainProgressRenderer(writer, options ?? new ProgressRendererOptions { TimeProvider = new ManualTimeProvider(T0) });
        foreach (var e in events)
        {
            renderer.Report(e);
        }

        await renderer.CompleteAsync();
        return writer.ToString();
    }

    [Fact]
    public async Task Sequential_steps_print_as_buildkit_blocks()
    {
        var text = await RenderAsync(
        [
            Started(1, "[internal] load build definition from Dockerfile", 0),
            Status(1, 0.001, "transferring dockerfile:", current: 2, completed: true),
            Done(1, 0.01, 0.01),
            Started(2, "[build 1/2] FROM docker.io/library/busybox:latest", 0.02, "build", 1),
            Cached(2, 0.02),
            Started(3, "[build 2/2] RUN echo hi", 0.1, "build", 2),
            Miss(3, 0.1, "file a.txt changed", "parent step changed"),
            Log(3, 0.612, "hi\n"),
            Log(3, 0.7, "par"),
            Log(3, 0.75, "tial\nx"),
            Done(3, 1.1, 1.0),
            Warning(1.2, "FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)"),
            Finished(1.2, 1.2, "sha256:abc"),
        ]);

        Assert.Equal(
            "#1 [internal] load build definition from Dockerfile\n" +
            "#1 transferring dockerfile: 2B done\n" +
            "#1 DONE 0.0s\n" +
            "\n" +
            "#2 [build 1/2] FROM docker.io/library/busybox:latest\n" +
            "#2 CACHED\n" +
            "\n" +
            "#3 [build 2/2] RUN echo hi\n" +
            "#3 cache miss: file a.txt changed\n" +
            "#3 cache miss: parent step changed\n" +
            "#3 0.512 hi\n" +
            "#3 0.600 partial\n" +
            "#3 0.650 x\n" +
            "#3 DONE 1.0s\n" +
            "\n" +
            " 1 warning found (use docker --debug to expand):\n" +
            " - FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)\n",
            text);
    }

    [Fact]
    public async Task Parallel_steps_take_turns_and_reprint_their_header()
    {
        var text = await RenderAsync(
        [
            Started(5, "[a 2/2] RUN a", 0),
            Log(5, 0.1, "a1\n"),
            Started(6, "[b 2/2] RUN b", 0.2),
            Log(6, 0.3, "b1\n"),
            Log(5, 1.0, "a2\n"),
            Log(6, 6.0, "b2\n"),   // #5 had the output for 5 s: #6 gets it
            Log(5, 7.0, "a3\n"),   // waits: #6 has it now
            Done(5, 8.0, 8.0),     // a finished step is printed at once
            Log(6, 9.0, "b3\n"),
            Done(6, 10.0, 9.8),
        ]);

        Assert.Equal(
            "#5 [a 2/2] RUN a\n" +
            "#5 0.100 a1\n" +
            "#5 1.000 a2\n" +
            "#5 ...\n" +
            "\n" +
            "#6 [b 2/2] RUN b\n" +
            "#6 0.100 b1\n" +
            "#6 5.800 b2\n" +
            "#6 ...\n" +
            "\n" +
            "#5 [a 2/2] RUN a\n" +
            "#5 7.000 a3\n" +
            "#5 DONE 8.0s\n" +
            "\n" +
            "#6 [b 2/2] RUN b\n" +
            "#6 8.800 b3\n" +
            "#6 DONE 9.8s\n",
            text);
    }

    [Fact]
    public async Task Steps_started_together_print_one_after_the_other()
    {
        var text = await RenderAsync(
        [
            Started(2, "[a 1/2] FROM x", 0),
            Started(3, "[b 1/2] FROM y", 0),
            Done(2, 0.1, 0.1),
            Done(3, 0.2, 0.2),
        ]);

        Assert.Equal(
            "#2 [a 1/2] FROM x\n#2 DONE 0.1s\n\n#3 [b 1/2] FROM y\n#3 DONE 0.2s\n",
            text);
    }

    [Fact]
    public async Task A_waiting_step_gets_the_output_on_a_clock_tick_without_new_events()
    {
        var time = new ManualTimeProvider(T0);
        var writer = new LockedStringWriter();
        var renderer = new PlainProgressRenderer(writer, new ProgressRendererOptions { TimeProvider = time });
        renderer.Report(Started(1, "[a 1/1] RUN a", 0));
        renderer.Report(Log(1, 0, "a\n"));
        renderer.Report(Started(2, "[b 1/1] RUN b", 0.5));
        renderer.Report(Log(2, 0.5, "b\n"));
        await writer.WaitForAsync("#1 0.000 a\n");
        Assert.DoesNotContain("#2", writer.ToString(), StringComparison.Ordinal);

        time.Advance(TimeSpan.FromSeconds(6));

        var text = await writer.WaitForAsync("#2 0.000 b\n");
        Assert.Equal("#1 [a 1/1] RUN a\n#1 0.000 a\n#1 ...\n\n#2 [b 1/1] RUN b\n#2 0.000 b\n", text);
        await renderer.CompleteAsync();
    }

    [Fact]
    public async Task A_failed_step_prints_error_then_buildkits_error_block_with_its_last_ten_lines()
    {
        var events = new List<BuildEvent> { Started(7, "[build 3/3] RUN false", 0) };
        for (var i = 1; i <= 12; i++)
        {
            events.Add(Log(7, 0.25, $"line {i}\n", stream: 2));
        }

        events.Add(Log(7, 0.5, "last without newline"));
        events.Add(Failed(7, 1.0, 1.0, "process \"/bin/sh -c false\" did not complete successfully: exit code: 1"));

        var text = await RenderAsync(events);

        var expectedLogs = Enumerable.Range(1, 12).Select(i => $"#7 0.250 line {i}\n");
        var blockLogs = Enumerable.Range(4, 9).Select(i => $"0.250 line {i}\n");
        Assert.Equal(
            "#7 [build 3/3] RUN false\n" +
            string.Concat(expectedLogs) +
            "#7 0.500 last without newline\n" +
            "#7 ERROR: process \"/bin/sh -c false\" did not complete successfully: exit code: 1\n" +
            "------\n" +
            " > [build 3/3] RUN false:\n" +
            string.Concat(blockLogs) +
            "0.500 last without newline\n" +
            "------\n",
            text);
    }

    [Fact]
    public async Task A_cancelled_step_prints_canceled_and_no_error_block()
    {
        var text = await RenderAsync([Started(4, "[build 2/2] RUN sleep 100", 0), Canceled(4, 2, 2)]);

        Assert.Equal("#4 [build 2/2] RUN sleep 100\n#4 CANCELED\n", text);
    }

    [Fact]
    public async Task Status_items_are_throttled_like_buildkit()
    {
        var text = await RenderAsync(
        [
            Started(2, "[build 1/1] FROM busybox", 0),
            Status(2, 0.1, "sha256:abc", 10, 1000),
            Status(2, 0.2, "sha256:abc", 20, 1000),    // 1% and 0.1 s later: not printed
            Status(2, 0.3, "sha256:abc", 100, 1000),   // 9% more
            Status(2, 6.0, "sha256:abc", 110, 1000),   // 5 s since the last print
            Status(2, 6.1, "sha256:abc", 1000, 1000, completed: true),
            Status(2, 6.2, "extracting sha256:abc", completed: true),
            Done(2, 6.3, 6.3),
        ]);

        Assert.Equal(
            "#2 [build 1/1] FROM busybox\n" +
            "#2 sha256:abc 10B / 1.00kB\n" +
            "#2 sha256:abc 100B / 1.00kB 0.2s\n" +
            "#2 sha256:abc 110B / 1.00kB 5.9s\n" +
            "#2 sha256:abc 1.00kB / 1.00kB 6.0s done\n" +
            "#2 extracting sha256:abc done\n" +
            "#2 DONE 6.3s\n",
            text);
    }

    [Fact]
    public async Task Invalid_and_split_utf8_never_breaks_a_line()
    {
        var text = await RenderAsync(
        [
            Started(1, "[a 1/1] RUN x", 0),
            Bytes(1, 0.1, 0xC3),                    // first half of é
            Bytes(1, 0.2, 0xA9, (byte)'\n'),        // second half
            Bytes(1, 0.3, 0xFF, (byte)'a', (byte)'\n'),
            Bytes(1, 0.4, (byte)'b', 0xE2, 0x82),   // truncated sequence, then the step ends
            Done(1, 0.5, 0.5),
        ]);

        Assert.Equal(
            "#1 [a 1/1] RUN x\n#1 0.100 é\n#1 0.300 \uFFFDa\n#1 0.400 b\uFFFD\n#1 DONE 0.5s\n",
            text);
    }

    [Fact]
    public async Task Long_lines_and_many_lines_are_never_clipped()
    {
        var longLine = new string('x', 200_000);
        var events = new List<BuildEvent> { Started(1, "[a 1/1] RUN x", 0) };
        events.AddRange(Enumerable.Range(0, 200).Select(i => Log(1, 1, longLine[..1000])));
        events.Add(Log(1, 1, "\n"));
        events.Add(Log(1, 2, longLine + "\n"));
        for (var i = 0; i < 5000; i++)
        {
            events.Add(Log(1, 3, $"n{i}\n"));
        }

        events.Add(Done(1, 4, 4));

        var text = await RenderAsync(events);

        var lines = text.Split('\n');
        Assert.Equal("#1 1.000 " + longLine, lines[1]);
        Assert.Equal("#1 2.000 " + longLine, lines[2]);
        Assert.Equal(Enumerable.Range(0, 5000).Select(i => $"#1 3.000 n{i}"), lines[3..5003]);
        Assert.Equal("#1 DONE 4.0s", lines[5003]);
    }

    [Fact]
    public async Task Log_offsets_use_buildkits_precision()
    {
        var text = await RenderAsync(
        [
            Started(1, "[a 1/1] RUN x", 0),
            Log(1, 9.9994, "a\n"),
            Log(1, 12.3456, "b\n"),
            Log(1, 123.456, "c\n"),
            Log(1, 123.456, "\n"),
            Done(1, 124, 124),
        ]);

        Assert.Equal("#1 [a 1/1] RUN x\n#1 9.999 a\n#1 12.35 b\n#1 123.5 c\n#1 123.5 \n#1 DONE 124.0s\n", text);
    }

    [Fact]
    public async Task Warnings_expand_with_their_detail_and_link()
    {
        var text = await RenderAsync(
            [
                Warning(0, "JSONArgsRecommended: JSON arguments recommended for CMD (line 3)", "Dockerfile:3\n>>> CMD x\n", "https://docs.docker.com/go/dockerfile/rule/json-args-recommended/"),
                Warning(0, "FromAsCasing: casing (line 1)"),
            ],
            new ProgressRendererOptions { TimeProvider = new ManualTimeProvider(T0), ExpandWarnings = true });

        Assert.Equal(
            "\n 2 warnings found:\n" +
            " - JSONArgsRecommended: JSON arguments recommended for CMD (line 3)\n" +
            "Dockerfile:3\n>>> CMD x\n" +
            "More info: https://docs.docker.com/go/dockerfile/rule/json-args-recommended/\n" +
            " - FromAsCasing: casing (line 1)\n",
            text);
    }

    [Fact]
    public async Task A_step_that_never_ends_still_prints_its_partial_output_at_completion()
    {
        var text = await RenderAsync([Started(1, "[a 1/1] RUN x", 0), Log(1, 0.5, "no newline")]);

        Assert.Equal("#1 [a 1/1] RUN x\n#1 0.500 no newline\n", text);
    }

    [Fact]
    public async Task Events_after_completion_are_ignored()
    {
        var writer = new LockedStringWriter();
        var renderer = new PlainProgressRenderer(writer, new ProgressRendererOptions { TimeProvider = new ManualTimeProvider(T0) });
        renderer.Report(Started(1, "[a 1/1] RUN x", 0));
        await renderer.CompleteAsync();
        renderer.Report(Log(1, 1, "late\n"));
        await renderer.DisposeAsync();

        Assert.Equal("#1 [a 1/1] RUN x\n", writer.ToString());
    }
}
