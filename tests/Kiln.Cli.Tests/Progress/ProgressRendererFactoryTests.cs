using Kiln.Cli.Rendering.Progress;
using static Kiln.Cli.Tests.Progress.Events;

namespace Kiln.Cli.Tests.Progress;

/// <summary>Which renderer each mode gets, auto resolved as BuildKit does.</summary>
public sealed class ProgressRendererFactoryTests
{
    [Theory]
    [InlineData("Auto", true, typeof(TtyProgressRenderer))]
    [InlineData("Auto", false, typeof(PlainProgressRenderer))]
    [InlineData("Tty", true, typeof(TtyProgressRenderer))]
    [InlineData("Plain", true, typeof(PlainProgressRenderer))]
    [InlineData("Quiet", false, typeof(QuietProgressRenderer))]
    [InlineData("RawJson", true, typeof(RawJsonProgressRenderer))]
    public async Task Each_mode_gets_its_renderer(string mode, bool terminal, Type expected)
    {
        var writer = new LockedStringWriter();
        await using var renderer = ProgressRendererFactory.Create(Enum.Parse<ProgressMode>(mode), writer, terminal);

        Assert.IsType(expected, renderer);
        renderer.Report(Started(1, "[a 1/1] RUN x", 0));
        renderer.Report(Failed(1, 1, 1, "boom"));
        await renderer.CompleteAsync();
        Assert.Contains("[a 1/1] RUN x", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Tty_without_a_terminal_is_refused_with_a_way_out()
    {
        var error = Assert.Throws<ArgumentException>(() => ProgressRendererFactory.Create(ProgressMode.Tty, new StringWriter(), stderrIsTerminal: false));

        Assert.Contains("--progress=plain", error.Message, StringComparison.Ordinal);
    }
}
