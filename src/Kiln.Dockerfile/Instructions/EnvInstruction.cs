namespace Kiln.Dockerfile.Instructions;

/// <summary><c>ENV k=v…</c> or legacy <c>ENV k v</c> (DF-ENV, DF-ENV-LEGACY): raw pairs, quotes still in place.</summary>
public sealed record EnvInstruction : Instruction
{
    public required IReadOnlyList<KeyValuePair<string, string>> Pairs { get; init; }

    /// <summary>True for the legacy whitespace-separated form (LINT-LEGACY-KV).</summary>
    public bool IsLegacyForm { get; init; }

    /// <summary>Expands keys and values (DF-ENV-QUOTES), all against the environment before this instruction.</summary>
    public EnvInstruction Expand(IWordExpander expander)
    {
        ArgumentNullException.ThrowIfNull(expander);
        return this with { Pairs = Pairs.Select(p => KeyValuePair.Create(expander.ExpandWord(p.Key), expander.ExpandWord(p.Value))).ToArray() };
    }
}
