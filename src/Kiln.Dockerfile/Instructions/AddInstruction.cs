namespace Kiln.Dockerfile.Instructions;

/// <summary>
/// <c>ADD [--chown] [--chmod] [--link] [--exclude…] [--checksum] [--keep-git-dir] [--unpack] &lt;src&gt;… &lt;dest&gt;</c>
/// (DF-ADD*). Sources, destination, <c>--chown</c>, <c>--chmod</c> and <c>--checksum</c> are expanded by <see cref="Expand"/>.
/// </summary>
public sealed record AddInstruction : FileInstruction
{
    /// <summary><c>--checksum</c> (DF-ADD-CHECKSUM), raw, or null.</summary>
    public string? Checksum { get; init; }

    /// <summary><c>--keep-git-dir</c>, or null when not given (DF-ADD-KEEP-GIT-DIR).</summary>
    public bool? KeepGitDir { get; init; }

    /// <summary><c>--unpack</c>, or null when not given (defaults: local true, URL false; DF-ADD-UNPACK).</summary>
    public bool? Unpack { get; init; }

    /// <summary>Expands sources, destination, chown, chmod and checksum, and validates the results.</summary>
    public AddInstruction Expand(IWordExpander expander)
    {
        var expanded = ExpandShared(this, expander) with
        {
            Checksum = Checksum is null ? null : expander.ExpandWord(Checksum),
        };
        FileInstructionRules.ValidateOwnership(expanded.Chown, expanded.Chmod, FilePath, KeywordRange, KeywordRange);
        return expanded;
    }
}
