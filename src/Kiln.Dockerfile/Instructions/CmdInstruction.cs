namespace Kiln.Dockerfile.Instructions;

/// <summary><c>CMD</c> (DF-CMD): the default command or ENTRYPOINT parameters; never expanded.</summary>
public sealed record CmdInstruction : Instruction
{
    public required CommandLine Command { get; init; }
}
