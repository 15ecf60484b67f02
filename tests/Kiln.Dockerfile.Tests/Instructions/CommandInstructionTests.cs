using Kiln.Dockerfile.Instructions;
using Kiln.Dockerfile.Syntax;
using static Kiln.Dockerfile.Tests.Instructions.TestNodes;

namespace Kiln.Dockerfile.Tests.Instructions;

public class CommandInstructionTests
{
    [Fact]
    public void Run_shell_form()
    {
        var run = Parse<RunInstruction>("RUN echo $HOME && ls");
        Assert.True(run.Command.IsShellForm);
        Assert.Equal("echo $HOME && ls", run.Command.ShellText);
        Assert.Equal(RunNetwork.Default, run.Network);
        Assert.Equal(RunSecurity.Sandbox, run.Security);
        Assert.Empty(run.Mounts);
        Assert.Empty(run.Devices);
    }

    [Fact]
    public void Run_exec_form()
    {
        var run = Parse<RunInstruction>("RUN [\"echo\", \"a b\"]");
        Assert.False(run.Command.IsShellForm);
        Assert.Null(run.Command.ShellText);
        Assert.Equal(["echo", "a b"], run.Command.Arguments);
    }

    [Fact]
    public void Run_keeps_heredocs_in_shell_form()
    {
        var heredoc = new Heredoc("EOF", "echo hi\n", true, false, 0);
        var run = Parse<RunInstruction>("RUN <<EOF\necho hi\nEOF", heredocs: [heredoc]);
        Assert.Equal([heredoc], run.Command.Heredocs);
    }

    [Fact]
    public void Run_requires_a_command()
    {
        Fails("RUN", InstructionErrorIds.ArgumentCount, "RUN requires at least one argument", 1, 1);
    }

    [Theory]
    [InlineData("none", RunNetwork.None)]
    [InlineData("host", RunNetwork.Host)]
    [InlineData("default", RunNetwork.Default)]
    public void Run_network(string value, RunNetwork expected)
    {
        Assert.Equal(expected, Parse<RunInstruction>($"RUN --network={value} true").Network);
    }

    [Fact]
    public void Run_invalid_network_and_security()
    {
        Fails("RUN --network=bridge true", InstructionErrorIds.InvalidNetwork, "invalid network mode \"bridge\"", 1, 5);
        Fails("RUN --security=root true", InstructionErrorIds.InvalidSecurity, "security \"root\" is not valid", 1, 5);
        Assert.Equal(RunSecurity.Insecure, Parse<RunInstruction>("RUN --security=insecure true").Security);
    }

    [Fact]
    public void Run_devices()
    {
        var run = Parse<RunInstruction>("RUN --device=vendor.com/gpu=all --device=name=x/y,required true");
        Assert.Equal([new RunDevice("vendor.com/gpu=all", false), new RunDevice("x/y", true)], run.Devices);
        Fails("RUN --device=a,b true", InstructionErrorIds.InvalidDevice, "invalid field 'b' must be a key=value pair", 1, 5);
        Fails("RUN --device=a,required=maybe true", InstructionErrorIds.InvalidDevice, "invalid value for required: maybe", 1, 5);
    }

    [Fact]
    public void Run_mounts_are_parsed_and_errors_point_at_the_mount_flag()
    {
        var run = Parse<RunInstruction>("RUN --mount=type=cache,target=/root/.cache --mount=target=/src,from=build make");
        Assert.IsType<CacheMount>(run.Mounts[0]);
        var bind = Assert.IsType<BindMount>(run.Mounts[1]);
        Assert.Equal("build", bind.From);

        Fails("RUN --network=none --mount=type=cache,target=/x,size=1 true", InstructionErrorIds.MountKey,
            "unexpected key 'size' for mount type 'cache'", 1, 20);
    }

    [Fact]
    public void Cmd_and_entrypoint()
    {
        var cmd = Parse<CmdInstruction>("CMD [\"nginx\", \"-g\", \"daemon off;\"]");
        Assert.Equal(["nginx", "-g", "daemon off;"], cmd.Command.Arguments);
        Assert.True(Parse<CmdInstruction>("CMD").Command.IsEmpty);

        var ep = Parse<EntrypointInstruction>("ENTRYPOINT /bin/app --flag");
        Assert.Equal("/bin/app --flag", ep.Command.ShellText);
        Assert.False(ep.Clears);
        Assert.True(Parse<EntrypointInstruction>("ENTRYPOINT []").Clears);
        Fails("CMD --x echo", InstructionErrorIds.UnknownFlag, "unknown flag: --x", 1, 5);
    }

    [Fact]
    public void Shell_requires_json()
    {
        Assert.Equal(["powershell", "-command"], Parse<ShellInstruction>("SHELL [\"powershell\", \"-command\"]").Shell);
        Fails("SHELL /bin/bash -c", InstructionErrorIds.NotJson, "SHELL requires the arguments to be in JSON form", 1, 1);
        Fails("SHELL", InstructionErrorIds.ArgumentCount, "SHELL requires at least one argument", 1, 1);
        Fails("SHELL []", InstructionErrorIds.ArgumentCount, "SHELL requires at least one argument", 1, 1);
    }
}
