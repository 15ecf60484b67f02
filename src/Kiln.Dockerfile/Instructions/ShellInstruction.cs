namespace Kiln.Dockerfile.Instructions;

/// <summary><c>SHELL ["exe", "args"…]</c> (DF-SHELL): JSON form required; never expanded.</summary>
public sealed record ShellInstruction : Instruction
{
    public required IReadOnlyList<string> Shell { get; init; }
}
