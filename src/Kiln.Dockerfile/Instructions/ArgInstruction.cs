namespace Kiln.Dockerfile.Instructions;

/// <summary><c>ARG name[=default] …</c> (DF-ARG).</summary>
public sealed record ArgInstruction : Instruction
{
    public required IReadOnlyList<ArgDefinition> Args { get; init; }

    /// <summary>Expands names and defaults (DF-VAR-WHERE).</summary>
    public ArgInstruction Expand(IWordExpander expander)
    {
        ArgumentNullException.ThrowIfNull(expander);
        return this with
        {
            Args = Args.Select(a => new ArgDefinition(expander.ExpandWord(a.Name), a.Value is null ? null : expander.ExpandWord(a.Value))).ToArray(),
        };
    }
}
