namespace Kiln.Dockerfile.Instructions;

/// <summary><c>LABEL k=v…</c> or legacy <c>LABEL k v</c> (DF-LABEL, DF-LABEL-LEGACY): raw pairs, quotes still in place.</summary>
public sealed record LabelInstruction : Instruction
{
    public required IReadOnlyList<KeyValuePair<string, string>> Pairs { get; init; }

    /// <summary>True for the legacy whitespace-separated form (LINT-LEGACY-KV).</summary>
    public bool IsLegacyForm { get; init; }

    /// <summary>Expands keys and values.</summary>
    public LabelInstruction Expand(IWordExpander expander)
    {
        ArgumentNullException.ThrowIfNull(expander);
        return this with { Pairs = Pairs.Select(p => KeyValuePair.Create(expander.ExpandWord(p.Key), expander.ExpandWord(p.Value))).ToArray() };
    }
}
