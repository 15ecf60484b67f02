namespace Kiln.Dockerfile.Instructions;

/// <summary>
/// <c>COPY [--from] [--chown] [--chmod] [--link] [--parents] [--exclude…] &lt;src&gt;… &lt;dest&gt;</c> (DF-COPY*).
/// Sources, destination, <c>--chown</c> and <c>--chmod</c> are expanded by <see cref="Expand"/>;
/// <c>--from</c> and <c>--exclude</c> are not.
/// </summary>
public sealed record CopyInstruction : FileInstruction
{
    /// <summary><c>--from</c>: stage name, index, image or named context; null = build context.</summary>
    public string? From { get; init; }

    /// <summary><c>--parents</c> (DF-COPY-PARENTS).</summary>
    public bool Parents { get; init; }

    /// <summary>Expands sources, destination, chown and chmod, and validates the results.</summary>
    public CopyInstruction Expand(IWordExpander expander)
    {
        var expanded = ExpandShared(this, expander);
        expanded.ValidateValues();
        return expanded;
    }

    internal void ValidateValues()
    {
        foreach (var source in Sources.Where(s => !MountParser.HasVariable(s)))
        {
            if (FileInstructionRules.IsGitRef(source))
            {
                throw Error(InstructionErrorIds.CopyRemoteSource, "source can't be a git ref for COPY");
            }

            if (FileInstructionRules.IsUrl(source))
            {
                throw Error(InstructionErrorIds.CopyRemoteSource, "source can't be a URL for COPY");
            }
        }

        FileInstructionRules.ValidateOwnership(Chown, Chmod, FilePath, KeywordRange, KeywordRange);
    }
}
