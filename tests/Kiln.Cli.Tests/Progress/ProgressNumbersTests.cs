using Kiln.Cli.Rendering.Progress;

namespace Kiln.Cli.Tests.Progress;

/// <summary>BuildKit's number formats (Go's <c>%.1f</c>, <c>%.3f</c>, tonistiigi/units' decimal bytes).</summary>
public sealed class ProgressNumbersTests
{
    [Theory]
    [InlineData(0, "0B")]
    [InlineData(2, "2B")]
    [InlineData(999, "999B")]
    [InlineData(1000, "1.00kB")]
    [InlineData(2125, "2.12kB")]     // a tie rounds to even, as Go does
    [InlineData(2_100_000, "2.10MB")]
    [InlineData(3_150_000_000, "3.15GB")]
    [InlineData(long.MaxValue, "9.22EB")]
    public void Bytes_use_decimal_units(long bytes, string expected) => Assert.Equal(expected, ProgressNumbers.Bytes(bytes));

    [Theory]
    [InlineData(0.25, "0.2")]
    [InlineData(0.35, "0.3")]
    [InlineData(0.05, "0.1")]
    [InlineData(12.96, "13.0")]
    public void Seconds_round_like_go(double seconds, string expected) => Assert.Equal(expected, ProgressNumbers.Seconds(seconds));

    [Theory]
    [InlineData(0, "0.000")]
    [InlineData(0.5123, "0.512")]
    [InlineData(9.9994, "9.999")]
    [InlineData(10, "10.00")]
    [InlineData(99.994, "99.99")]
    [InlineData(100, "100.0")]
    [InlineData(-1, "0.000")]
    public void Log_offsets_get_fewer_decimals_as_they_grow(double seconds, string expected) =>
        Assert.Equal(expected, ProgressNumbers.LogOffset(TimeSpan.FromSeconds(seconds)));
}
