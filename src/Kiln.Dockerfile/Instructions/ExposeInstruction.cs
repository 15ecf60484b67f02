namespace Kiln.Dockerfile.Instructions;

/// <summary><c>EXPOSE &lt;port&gt;[/&lt;proto&gt;]…</c> (DF-EXPOSE): raw port words, validated by the planner after expansion.</summary>
public sealed record ExposeInstruction : Instruction
{
    public required IReadOnlyList<string> Ports { get; init; }

    /// <summary>Expands each word and splits the results on whitespace (DF-VAR-WORDSPLIT).</summary>
    public ExposeInstruction Expand(IWordExpander expander)
    {
        ArgumentNullException.ThrowIfNull(expander);
        return this with { Ports = Ports.SelectMany(expander.ExpandWords).ToArray() };
    }
}
