using Kiln.Cli.Rendering.Progress;
using Spectre.Console;

namespace Kiln.Cli.Tests.Progress;

/// <summary>Log lines made safe for one row, rows laid out to a width.</summary>
public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a\tb", "a b")]
    [InlineData("10%\r20%\r30%", "30%")]
    [InlineData("crlf\r", "crlf")]
    [InlineData("\u001b[1;31mred\u001b[0m text", "red text")]
    [InlineData("\u001b]0;title\u0007after", "after")]
    [InlineData("bell\u0007 and nul\0", "bell and nul")]
    [InlineData("cut \u001b[", "cut ")]
    public void Sanitize_keeps_what_a_terminal_shows(string raw, string expected) => Assert.Equal(expected, TerminalText.Sanitize(raw));

    [Fact]
    public void Crop_counts_cells_and_marks_the_cut()
    {
        Assert.Equal("abc", TerminalText.Crop("abc", 3, unicode: true));
        Assert.Equal("ab…", TerminalText.Crop("abcd", 3, unicode: true));
        Assert.Equal("a...", TerminalText.Crop("abcdef", 4, unicode: false));
        Assert.Equal("日…", TerminalText.Crop("日本語", 4, unicode: true));
        Assert.Equal(string.Empty, TerminalText.Crop("abc", 0, unicode: true));
    }

    [Fact]
    public void Rows_put_the_time_at_the_right_edge_and_the_status_when_there_is_room()
    {
        var row = new TtyRow(" => ", "[build 2/4] COPY a /a", null, "0.3s", Style.Plain);
        Assert.Equal(" => [build 2/4] COPY a /a".PadRight(35) + " 0.3s", row.Layout(40, unicode: true));

        var status = new TtyRow(" => => ", "sha256:0123456789abcdef", "1.00MB / 2.00MB", "1.2s", Style.Plain);
        Assert.Equal(" => => sha256:0123456789abcdef 1.00MB / 2.00MB".PadRight(54) + " 1.2s", status.Layout(59, unicode: true));
        Assert.Equal(" => => sha256:01234567… 1.00MB / 2.00MB 1.2s", status.Layout(44, unicode: true));
        Assert.Equal(" => => sha256:0123456789abc… 1.2s", status.Layout(33, unicode: true));

        Assert.Equal(" => [build 2/4] CO…", row.Layout(19, unicode: true));
    }
}
