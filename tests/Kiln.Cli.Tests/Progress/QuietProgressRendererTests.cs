using Kiln.Build.Progress;
using Kiln.Cli.Rendering.Progress;
using static Kiln.Cli.Tests.Progress.Events;

namespace Kiln.Cli.Tests.Progress;

/// <summary><c>--progress=quiet</c>: silent unless a step fails.</summary>
public sealed class QuietProgressRendererTests
{
    private static async Task<string> RenderAsync(params BuildEvent[] events)
    {
        var writer = new LockedStringWriter();
        await using var renderer = new QuietProgressRenderer(writer);
        foreach (var e in events)
        {
            renderer.Report(e);
        }

        await renderer.CompleteAsync();
        return writer.ToString();
    }

    [Fact]
    public async Task A_successful_build_prints_nothing()
    {
        var text = await RenderAsync(
            Started(1, "[build 1/2] FROM x", 0), Cached(1, 0),
            Started(2, "[build 2/2] RUN echo hi", 0), Log(2, 0.1, "hi\n"), Status(2, 0.1, "item", 1, 2), Done(2, 1, 1),
            Warning(1, "FromAsCasing: x"), Finished(1, 1, "sha256:abc"));

        Assert.Equal(string.Empty, text);
    }

    [Fact]
    public async Task A_failed_step_prints_its_whole_log_and_a_cancelled_one_nothing()
    {
        var events = new List<BuildEvent> { Started(3, "[build 2/2] RUN make", 0), Started(4, "[other 1/1] RUN sleep 9", 0) };
        events.AddRange(Enumerable.Range(1, 30).Select(i => Log(3, 0.5, $"line {i}\n")));
        events.Add(Log(3, 0.75, "tail"));
        events.Add(Log(4, 0.5, "sleeping\n"));
        events.Add(Failed(3, 1, 1, "exit code: 2"));
        events.Add(Canceled(4, 1.1, 1.1));
        events.Add(Finished(1.2, 1.2, error: "failed to solve"));

        var text = await RenderAsync([.. events]);

        Assert.Equal(
            "------\n > [build 2/2] RUN make:\n" +
            string.Concat(Enumerable.Range(1, 30).Select(i => $"0.500 line {i}\n")) +
            "0.750 tail\n------\n",
            text);
    }
}
