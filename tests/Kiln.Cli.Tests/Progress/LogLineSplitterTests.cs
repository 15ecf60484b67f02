using System.Text;
using Kiln.Cli.Rendering.Progress;
using static Kiln.Cli.Tests.Progress.Events;

namespace Kiln.Cli.Tests.Progress;

/// <summary>Output chunks into whole lines: per stream, bytes kept until the newline, never clipped.</summary>
public sealed class LogLineSplitterTests
{
    [Fact]
    public void Streams_are_split_separately_and_a_line_keeps_the_time_of_its_first_chunk()
    {
        var splitter = new LogLineSplitter();

        Assert.Empty(splitter.Append(Log(1, 0.1, "out-")));
        var err = splitter.Append(Log(1, 0.2, "err line\nerr-", stream: 2));
        var rest = splitter.Append(Log(1, 0.3, "line\n\nnext"));

        Assert.Equal([new LogLine(At(0.2), 2, "err line")], err);
        Assert.Equal([new LogLine(At(0.1), 1, "out-line"), new LogLine(At(0.3), 1, string.Empty)], rest);
        Assert.True(splitter.HasPending);
        Assert.Equal([new LogLine(At(0.3), 1, "next"), new LogLine(At(0.2), 2, "err-")], splitter.Pending());
        Assert.Equal([new LogLine(At(0.3), 1, "next"), new LogLine(At(0.2), 2, "err-")], splitter.Flush());
        Assert.False(splitter.HasPending);
        Assert.Empty(splitter.Flush());
    }

    [Fact]
    public void The_end_of_a_long_unfinished_line_starts_on_a_whole_character()
    {
        var splitter = new LogLineSplitter();
        splitter.Append(Log(1, 0, new string('a', 10) + "ééé"));

        // The last 5 bytes start inside the first é: its second byte is skipped.
        Assert.Equal("éé", Assert.Single(splitter.Pending(lastBytes: 5)).Text);
        Assert.Equal(new string('a', 10) + "ééé", Assert.Single(splitter.Pending()).Text);
    }

    [Fact]
    public void A_chunk_of_many_lines_and_a_line_of_many_chunks()
    {
        var splitter = new LogLineSplitter();
        var many = splitter.Append(Log(1, 0, string.Concat(Enumerable.Range(0, 1000).Select(i => $"{i}\n"))));
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), many.Select(l => l.Text));

        var big = new StringBuilder();
        for (var i = 0; i < 1000; i++)
        {
            Assert.Empty(splitter.Append(Log(1, i, "0123456789")));
            big.Append("0123456789");
        }

        Assert.Equal(big.ToString(), Assert.Single(splitter.Append(Log(1, 1000, "\n"))).Text);
    }
}
