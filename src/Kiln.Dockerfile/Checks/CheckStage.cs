using Kiln.Dockerfile.Instructions;
using Kiln.Dockerfile.Shell;

namespace Kiln.Dockerfile.Checks;

/// <summary>
/// One build stage as the checks see it: its FROM, its instructions, the stage it builds on (when FROM names an
/// earlier stage), and what is inherited from that stage (known variables, whether SHELL or WORKDIR were set).
/// </summary>
internal sealed class CheckStage
{
    public required FromInstruction From { get; init; }

    public List<Instruction> Commands { get; } = [];

    /// <summary>The earlier stage this one is based on, or null for an image or scratch.</summary>
    public CheckStage? Parent { get; set; }

    /// <summary>Variables known to be set in the stage (ARG and ENV values seen so far; base image env is unknown).</summary>
    public ShellEnvironment Env { get; set; } = new();

    /// <summary>A SHELL instruction ran in this stage or an ancestor stage.</summary>
    public bool HasShell { get; set; }

    /// <summary>A WORKDIR instruction ran in this stage or an ancestor stage.</summary>
    public bool WorkdirSet { get; set; }
}
