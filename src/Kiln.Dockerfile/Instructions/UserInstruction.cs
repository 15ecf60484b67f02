namespace Kiln.Dockerfile.Instructions;

/// <summary><c>USER &lt;user&gt;[:&lt;group&gt;]</c> (DF-USER).</summary>
public sealed record UserInstruction : Instruction
{
    public required string User { get; init; }

    public UserInstruction Expand(IWordExpander expander)
    {
        ArgumentNullException.ThrowIfNull(expander);
        return this with { User = expander.ExpandWord(User) };
    }
}
