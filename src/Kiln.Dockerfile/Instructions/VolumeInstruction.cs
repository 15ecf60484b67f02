namespace Kiln.Dockerfile.Instructions;

/// <summary><c>VOLUME /a /b</c> or <c>VOLUME ["/a"]</c> (DF-VOLUME).</summary>
public sealed record VolumeInstruction : Instruction
{
    public required IReadOnlyList<string> Paths { get; init; }

    /// <summary>Expands each path; an empty result is an error as at parse time.</summary>
    public VolumeInstruction Expand(IWordExpander expander)
    {
        ArgumentNullException.ThrowIfNull(expander);
        var paths = Paths.Select(p => expander.ExpandWord(p).Trim()).ToArray();
        if (paths.Any(p => p.Length == 0))
        {
            throw Error(InstructionErrorIds.EmptyVolume, "VOLUME specified can not be an empty string");
        }

        return this with { Paths = paths };
    }
}
