using System.Text;
using System.Text.Json;
using Kiln.Build.Progress;
using Kiln.Cli.Rendering.Progress;

namespace Kiln.Cli.Tests.Progress;

/// <summary>
/// Two stages reporting at the same time from two threads, as the engine does: every renderer keeps each line
/// whole, each step's lines in order, and loses nothing.
/// </summary>
public sealed class ConcurrentReportTests
{
    private const int LinesPerStep = 400;

    // Two threads report step 1 and step 2 together: started, lines in chunks cut mid-line, completed.
    private static void ReportFromTwoThreads(IBuildProgress progress)
    {
        var t0 = DateTimeOffset.UtcNow;
        using var barrier = new Barrier(2);
        void Stage(int id)
        {
            barrier.SignalAndWait();
            progress.Report(new StepStarted(t0, id, $"[stage{id} 1/1] RUN work {id}", $"stage{id}", 1));
            var text = string.Concat(Enumerable.Range(0, LinesPerStep).Select(i => $"step {id} line {i:D4}\n"));
            var bytes = Encoding.UTF8.GetBytes(text);
            for (var at = 0; at < bytes.Length; at += 37)
            {
                var chunk = bytes.AsMemory(at, Math.Min(37, bytes.Length - at));
                progress.Report(new StepLog(t0 + TimeSpan.FromMilliseconds(at / 37), id, 1, chunk.ToArray()));
                if (at % (37 * 20) == 0)
                {
                    Thread.Yield();
                }
            }

            progress.Report(new StepCompleted(t0 + TimeSpan.FromSeconds(1), id, false, TimeSpan.FromSeconds(1)));
        }

        var threads = new[] { new Thread(() => Stage(1)), new Thread(() => Stage(2)) };
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }
    }

    [Fact]
    public async Task Plain_output_stays_whole_and_ordered()
    {
        var writer = new LockedStringWriter();
        // A zero switch delay makes the steps take turns as often as possible: the hardest case for the blocks.
        var renderer = new PlainProgressRenderer(writer, new ProgressRendererOptions { StepSwitchDelay = TimeSpan.Zero });

        ReportFromTwoThreads(renderer);
        await renderer.CompleteAsync();

        var lines = writer.ToString().Split('\n')[..^1];
        int? block = null;
        var next = new Dictionary<int, int> { [1] = 0, [2] = 0 };
        var done = new HashSet<int>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
            {
                Assert.Null(block);
                continue;
            }

            var id = line[1] - '0';
            if (line == $"#{id} [stage{id} 1/1] RUN work {id}")
            {
                Assert.True(block is null, $"header inside a block at line {i}");
                block = id;
                continue;
            }

            Assert.Equal(block, id);
            if (line == $"#{id} ..." || line == $"#{id} DONE 1.0s")
            {
                if (line.EndsWith("DONE 1.0s", StringComparison.Ordinal))
                {
                    Assert.True(done.Add(id));
                    Assert.Equal(LinesPerStep, next[id]);
                }

                block = null;
                continue;
            }

            var text = line[(line.IndexOf(' ', 3) + 1)..];
            Assert.Equal($"step {id} line {next[id]:D4}", text);
            next[id]++;
        }

        Assert.Equal([1, 2], done.Order());
    }

    [Fact]
    public async Task Rawjson_writes_every_event_as_one_line()
    {
        var writer = new LockedStringWriter();
        var renderer = new RawJsonProgressRenderer(writer);

        ReportFromTwoThreads(renderer);
        await renderer.CompleteAsync();

        var data = new Dictionary<int, List<byte>> { [1] = [], [2] = [] };
        var lines = writer.ToString().Split('\n')[..^1];
        foreach (var line in lines)
        {
            var e = JsonDocument.Parse(line).RootElement;
            if (e.GetProperty("type").GetString() == "log")
            {
                data[e.GetProperty("id").GetInt32()].AddRange(e.GetProperty("data").GetBytesFromBase64());
            }
        }

        foreach (var id in new[] { 1, 2 })
        {
            var expected = string.Concat(Enumerable.Range(0, LinesPerStep).Select(i => $"step {id} line {i:D4}\n"));
            Assert.Equal(expected, Encoding.UTF8.GetString([.. data[id]]));
        }
    }

    [Fact]
    public async Task Tty_renders_while_two_threads_report()
    {
        var terminal = new FakeTerminal(80, 24);
        var renderer = new TtyProgressRenderer(terminal.Console, new ProgressRendererOptions { RefreshInterval = TimeSpan.FromMilliseconds(1) });

        ReportFromTwoThreads(renderer);
        await renderer.CompleteAsync();

        var final = terminal.FinalPrint();
        // No BuildFinished: the header's time runs on the renderer's clock after the last event.
        Assert.Matches(@"^\[\+\] Building \d+\.\ds \(2/2\) FINISHED\n", final);
        Assert.Contains(" => [stage1 1/1] RUN work 1", final, StringComparison.Ordinal);
        Assert.Contains(" => [stage2 1/1] RUN work 2", final, StringComparison.Ordinal);
    }
}
