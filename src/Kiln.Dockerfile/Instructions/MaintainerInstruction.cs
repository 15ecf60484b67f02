namespace Kiln.Dockerfile.Instructions;

/// <summary><c>MAINTAINER &lt;text&gt;</c> (DF-MAINTAINER): sets the author; never expanded.</summary>
public sealed record MaintainerInstruction : Instruction
{
    public required string Maintainer { get; init; }
}
