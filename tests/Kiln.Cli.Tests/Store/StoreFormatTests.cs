using Kiln.Cli.Rendering;

namespace Kiln.Cli.Tests.Store;

/// <summary>The value formats of the image commands, against Docker's documented outputs (go-units sizes and durations).</summary>
public sealed class StoreFormatTests
{
    [Theory]
    [InlineData(0, 3, "0B")]
    [InlineData(512, 3, "512B")]
    [InlineData(4096, 3, "4.1kB")]
    [InlineData(4096, 4, "4.096kB")]
    [InlineData(4261550, 3, "4.26MB")]
    [InlineData(6055000000, 4, "6.055GB")]
    [InlineData(6050000000, 3, "6.05GB")]
    [InlineData(100000, 3, "100kB")]
    [InlineData(999999, 3, "1e+03kB")]
    public void Human_sizes_use_decimal_units_and_significant_digits(long bytes, int precision, string expected) =>
        Assert.Equal(expected, StoreFormat.HumanSize(bytes, precision));

    [Theory]
    [InlineData(0.5, "Less than a second")]
    [InlineData(1, "1 second")]
    [InlineData(59, "59 seconds")]
    [InlineData(60, "About a minute")]
    [InlineData(59 * 60, "59 minutes")]
    [InlineData(90 * 60, "2 hours")]
    [InlineData(47 * 3600, "47 hours")]
    [InlineData(3 * 86400, "3 days")]
    [InlineData(30 * 86400, "4 weeks")]
    [InlineData(90 * 86400, "3 months")]
    [InlineData(800 * 86400, "2 years")]
    public void Durations_read_like_dockers(double seconds, string expected) =>
        Assert.Equal(expected, StoreFormat.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Ellipsis_keeps_45_characters_with_the_last_one_an_ellipsis()
    {
        var text = new string('a', 50);
        Assert.Equal(new string('a', 44) + "…", StoreFormat.Ellipsis(text, 45));
        Assert.Equal("short", StoreFormat.Ellipsis("short", 45));
    }

    [Fact]
    public void Tables_pad_columns_like_tabwriter()
    {
        var table = new StoreTable("A", "LONGER HEADER", "LAST");
        table.Add("x", "y", "z");
        Assert.Equal("A         LONGER HEADER   LAST\nx         y               z\n", table.ToString());
    }
}
