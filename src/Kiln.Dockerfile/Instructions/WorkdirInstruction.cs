namespace Kiln.Dockerfile.Instructions;

/// <summary><c>WORKDIR &lt;path&gt;</c> (DF-WORKDIR): raw path; relative paths are resolved by the planner.</summary>
public sealed record WorkdirInstruction : Instruction
{
    public required string Path { get; init; }

    public WorkdirInstruction Expand(IWordExpander expander)
    {
        ArgumentNullException.ThrowIfNull(expander);
        return this with { Path = expander.ExpandWord(Path) };
    }
}
