namespace Kiln.Dockerfile.Instructions;

/// <summary><c>ENTRYPOINT</c> (DF-ENTRYPOINT): sets the entrypoint; <c>ENTRYPOINT []</c> clears it; never expanded.</summary>
public sealed record EntrypointInstruction : Instruction
{
    public required CommandLine Command { get; init; }

    /// <summary>True when the entrypoint is cleared (no arguments).</summary>
    public bool Clears => Command.IsEmpty;
}
