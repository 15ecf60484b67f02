using Kiln.Cli.Rendering.Progress;

namespace Kiln.Cli.Tests.Progress;

/// <summary><c>--progress</c> and <c>BUILDKIT_PROGRESS</c>.</summary>
public sealed class ProgressModeParserTests
{
    private static Func<string, string?> Env(string? progress) => name => name == "BUILDKIT_PROGRESS" ? progress : null;

    [Theory]
    [InlineData("auto", "Auto")]
    [InlineData("tty", "Tty")]
    [InlineData("plain", "Plain")]
    [InlineData("quiet", "Quiet")]
    [InlineData("rawjson", "RawJson")]
    [InlineData(" RawJSON ", "RawJson")]
    [InlineData("", "Auto")]
    public void Option_values_parse(string value, string expected)
    {
        Assert.Equal(Enum.Parse<ProgressMode>(expected), ProgressModeParser.Resolve(value, Env("quiet")));
    }

    [Fact]
    public void The_environment_is_the_default_and_the_option_wins()
    {
        Assert.Equal(ProgressMode.Auto, ProgressModeParser.Resolve(null, Env(null)));
        Assert.Equal(ProgressMode.Plain, ProgressModeParser.Resolve(null, Env("plain")));
        Assert.Equal(ProgressMode.Auto, ProgressModeParser.Resolve(null, Env("")));
        Assert.Equal(ProgressMode.Tty, ProgressModeParser.Resolve("tty", Env("plain")));
        Assert.Equal(ProgressMode.Tty, ProgressModeParser.Resolve("tty", Env("nonsense")));
    }

    [Fact]
    public void Bad_values_name_their_source_and_the_choices()
    {
        var option = Assert.Throws<ArgumentException>(() => ProgressModeParser.Resolve("fancy", Env(null)));
        Assert.Equal("invalid --progress value \"fancy\": use auto, tty, plain, quiet or rawjson", option.Message);

        var env = Assert.Throws<ArgumentException>(() => ProgressModeParser.Resolve(null, Env("json")));
        Assert.Equal("invalid BUILDKIT_PROGRESS value \"json\" in the environment: use auto, tty, plain, quiet or rawjson, or unset it", env.Message);
    }

    [Fact]
    public void Format_round_trips()
    {
        foreach (var mode in Enum.GetValues<ProgressMode>())
        {
            Assert.True(ProgressModeParser.TryParse(ProgressModeParser.Format(mode), out var parsed));
            Assert.Equal(mode, parsed);
        }
    }
}
