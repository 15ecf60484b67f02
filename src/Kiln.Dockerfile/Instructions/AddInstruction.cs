using Kiln.Dockerfile.Syntax;

namespace Kiln.Dockerfile.Instructions;

/// <summary>
/// <c>ADD [--chown] [--chmod] [--link] [--exclude…] [--checksum] [--keep-git-dir] [--unpack] &lt;src&gt;… &lt;dest&gt;</c>
/// (DF-ADD*). Sources, destination, <c>--chown</c>, <c>--chmod</c> and <c>--checksum</c> are expanded by <see cref="Expand"/>.
/// </summary>
public sealed record AddInstruction : Instruction
{
    /// <summary>Source paths, URLs or git refs (heredoc words removed), raw.</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    /// <summary>Inline file sources (<c>ADD &lt;&lt;EOF /dest</c>).</summary>
    public IReadOnlyList<Heredoc> HeredocSources { get; init; } = [];

    /// <summary>The destination, raw.</summary>
    public required string Destination { get; init; }

    public string? Chown { get; init; }

    public string? Chmod { get; init; }

    public bool Link { get; init; }

    public IReadOnlyList<string> Excludes { get; init; } = [];

    /// <summary><c>--checksum</c> (DF-ADD-CHECKSUM), raw, or null.</summary>
    public string? Checksum { get; init; }

    /// <summary><c>--keep-git-dir</c>, or null when not given (DF-ADD-KEEP-GIT-DIR).</summary>
    public bool? KeepGitDir { get; init; }

    /// <summary><c>--unpack</c>, or null when not given (defaults: local true, URL false; DF-ADD-UNPACK).</summary>
    public bool? Unpack { get; init; }

    /// <summary>The parsed <see cref="Chown"/> (meaningful after expansion), or null.</summary>
    public ChownSpec? ChownSpec => Chown is { Length: > 0 } && Instructions.ChownSpec.TryParse(Chown, out var s, out _) ? s : null;

    /// <summary>The parsed <see cref="Chmod"/> (meaningful after expansion), or null.</summary>
    public ChmodSpec? ChmodSpec => Chmod is { Length: > 0 } && Instructions.ChmodSpec.TryParse(Chmod, out var s, out _) ? s : null;

    /// <summary>Expands sources, destination, chown, chmod and checksum, and validates the results.</summary>
    public AddInstruction Expand(IWordExpander expander)
    {
        ArgumentNullException.ThrowIfNull(expander);
        var expanded = this with
        {
            Sources = Sources.Select(expander.ExpandWord).ToArray(),
            Destination = expander.ExpandWord(Destination),
            Chown = Chown is null ? null : expander.ExpandWord(Chown),
            Chmod = Chmod is null ? null : expander.ExpandWord(Chmod),
            Checksum = Checksum is null ? null : expander.ExpandWord(Checksum),
        };
        FileInstructionRules.ValidateOwnership(expanded.Chown, expanded.Chmod, FilePath, KeywordRange, KeywordRange);
        return expanded;
    }
}
