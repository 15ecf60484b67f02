namespace Kiln.Dockerfile.Instructions;

/// <summary><c>FROM [--platform=…] &lt;image&gt; [AS &lt;name&gt;]</c> (DF-FROM, DF-FROM-AS, DF-FROM-PLATFORM).</summary>
public sealed record FromInstruction : Instruction
{
    /// <summary>The base image or stage reference, raw.</summary>
    public required string BaseName { get; init; }

    /// <summary>The stage name lower-cased, or null.</summary>
    public string? StageName { get; init; }

    /// <summary>The stage name as written (for the StageNameCasing check), or null.</summary>
    public string? StageNameAsWritten { get; init; }

    /// <summary>The <c>--platform</c> value, raw, or null.</summary>
    public string? Platform { get; init; }

    /// <summary>
    /// Expands the base name and platform (the planner passes an expander over global ARGs only,
    /// DF-VAR-FROM-SCOPE). The stage name is never expanded.
    /// </summary>
    public FromInstruction Expand(IWordExpander expander)
    {
        ArgumentNullException.ThrowIfNull(expander);
        var baseName = expander.ExpandWord(BaseName);
        if (baseName.Length == 0)
        {
            throw Error(InstructionErrorIds.ArgumentCount, $"base name ({BaseName}) should not be blank");
        }

        return this with { BaseName = baseName, Platform = Platform is null ? null : expander.ExpandWord(Platform) };
    }
}
