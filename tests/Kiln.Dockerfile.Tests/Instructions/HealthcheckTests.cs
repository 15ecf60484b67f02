using Kiln.Dockerfile.Instructions;
using static Kiln.Dockerfile.Tests.Instructions.TestNodes;

namespace Kiln.Dockerfile.Tests.Instructions;

public class HealthcheckTests
{
    [Fact]
    public void None_disables()
    {
        var h = Parse<HealthcheckInstruction>("HEALTHCHECK none");
        Assert.True(h.IsNone);
        Assert.Equal(["NONE"], h.Test);
        Assert.Null(h.Command);
    }

    [Fact]
    public void None_takes_no_arguments()
    {
        Fails("HEALTHCHECK NONE x", InstructionErrorIds.Healthcheck, "HEALTHCHECK NONE takes no arguments", 1, 1);
    }

    [Fact]
    public void Cmd_shell_form_becomes_cmd_shell()
    {
        var h = Parse<HealthcheckInstruction>("HEALTHCHECK CMD curl -f http://localhost/ || exit 1");
        Assert.False(h.IsNone);
        Assert.Equal(["CMD-SHELL", "curl -f http://localhost/ || exit 1"], h.Test);
        Assert.Equal(TimeSpan.Zero, h.Interval);
        Assert.Equal(0, h.Retries);
    }

    [Fact]
    public void Cmd_exec_form_keeps_argv()
    {
        var h = Parse<HealthcheckInstruction>("HEALTHCHECK cmd [\"/bin/check\", \"-v\"]");
        Assert.Equal(["CMD", "/bin/check", "-v"], h.Test);
        Assert.Equal(["/bin/check", "-v"], h.Command!.Arguments);
    }

    [Fact]
    public void Options_parse_go_durations()
    {
        var h = Parse<HealthcheckInstruction>(
            "HEALTHCHECK --interval=1m30s --timeout=500ms --start-period=1.5h --start-interval=2s --retries=5 CMD true");
        Assert.Equal(TimeSpan.FromSeconds(90), h.Interval);
        Assert.Equal(TimeSpan.FromMilliseconds(500), h.Timeout);
        Assert.Equal(TimeSpan.FromMinutes(90), h.StartPeriod);
        Assert.Equal(TimeSpan.FromSeconds(2), h.StartInterval);
        Assert.Equal(5, h.Retries);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    [InlineData("1ms", 1)]
    [InlineData("1000us", 1)]
    [InlineData("2h45m", 9_900_000)]
    [InlineData(".5s", 500)]
    public void Duration_values(string value, long milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Parse<HealthcheckInstruction>($"HEALTHCHECK --interval={value} CMD true").Interval);
    }

    [Theory]
    [InlineData("10", "time: missing unit in duration \"10\"")]
    [InlineData("5x", "time: unknown unit \"x\" in duration \"5x\"")]
    [InlineData("abc", "time: invalid duration \"abc\"")]
    [InlineData("999us", "Interval \"interval\" cannot be less than 1ms")]
    [InlineData("-1s", "Interval \"interval\" cannot be less than 1ms")]
    public void Invalid_durations_point_at_the_flag(string value, string message)
    {
        Fails($"HEALTHCHECK --retries=1 --interval={value} CMD true", InstructionErrorIds.Healthcheck, message, 1, 25);
    }

    [Fact]
    public void Retries_validation()
    {
        Assert.Equal(0, Parse<HealthcheckInstruction>("HEALTHCHECK --retries=0 CMD true").Retries);
        Fails("HEALTHCHECK --retries=-1 CMD true", InstructionErrorIds.Healthcheck, "--retries cannot be negative (-1)", 1, 13);
        Fails("HEALTHCHECK --retries=x CMD true", InstructionErrorIds.Healthcheck, "strconv.ParseInt: parsing \"x\": invalid syntax", 1, 13);
    }

    [Fact]
    public void Unknown_type_and_missing_command()
    {
        Fails("HEALTHCHECK CONNECT localhost", InstructionErrorIds.Healthcheck, "Unknown type \"CONNECT\" in HEALTHCHECK (try CMD)", 1, 13);
        Fails("HEALTHCHECK CMD", InstructionErrorIds.Healthcheck, "Missing command after HEALTHCHECK CMD", 1, 1);
        Fails("HEALTHCHECK", InstructionErrorIds.ArgumentCount, "HEALTHCHECK requires at least one argument", 1, 1);
        Fails("HEALTHCHECK --intervl=1s CMD true", InstructionErrorIds.UnknownFlag, "unknown flag: --intervl (did you mean --interval?)", 1, 13);
    }
}
