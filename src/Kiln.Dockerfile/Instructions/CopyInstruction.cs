using Kiln.Dockerfile.Syntax;

namespace Kiln.Dockerfile.Instructions;

/// <summary>
/// <c>COPY [--from] [--chown] [--chmod] [--link] [--parents] [--exclude…] &lt;src&gt;… &lt;dest&gt;</c> (DF-COPY*).
/// Sources, destination, <c>--chown</c> and <c>--chmod</c> are expanded by <see cref="Expand"/>;
/// <c>--from</c> and <c>--exclude</c> are not.
/// </summary>
public sealed record CopyInstruction : Instruction
{
    /// <summary>Source paths (heredoc words removed), raw.</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    /// <summary>Inline file sources (<c>COPY &lt;&lt;EOF /dest</c>).</summary>
    public IReadOnlyList<Heredoc> HeredocSources { get; init; } = [];

    /// <summary>The destination, raw.</summary>
    public required string Destination { get; init; }

    /// <summary><c>--from</c>: stage name, index, image or named context; null = build context.</summary>
    public string? From { get; init; }

    /// <summary><c>--chown</c>, raw, or null.</summary>
    public string? Chown { get; init; }

    /// <summary><c>--chmod</c>, raw, or null.</summary>
    public string? Chmod { get; init; }

    /// <summary><c>--link</c> (DF-COPY-LINK).</summary>
    public bool Link { get; init; }

    /// <summary><c>--parents</c> (DF-COPY-PARENTS).</summary>
    public bool Parents { get; init; }

    /// <summary><c>--exclude</c> patterns (DF-COPY-EXCLUDE).</summary>
    public IReadOnlyList<string> Excludes { get; init; } = [];

    /// <summary>The parsed <see cref="Chown"/> (meaningful after expansion), or null.</summary>
    public ChownSpec? ChownSpec => Chown is { Length: > 0 } && Instructions.ChownSpec.TryParse(Chown, out var s, out _) ? s : null;

    /// <summary>The parsed <see cref="Chmod"/> (meaningful after expansion), or null.</summary>
    public ChmodSpec? ChmodSpec => Chmod is { Length: > 0 } && Instructions.ChmodSpec.TryParse(Chmod, out var s, out _) ? s : null;

    /// <summary>Expands sources, destination, chown and chmod, and validates the results.</summary>
    public CopyInstruction Expand(IWordExpander expander)
    {
        ArgumentNullException.ThrowIfNull(expander);
        var expanded = this with
        {
            Sources = Sources.Select(expander.ExpandWord).ToArray(),
            Destination = expander.ExpandWord(Destination),
            Chown = Chown is null ? null : expander.ExpandWord(Chown),
            Chmod = Chmod is null ? null : expander.ExpandWord(Chmod),
        };
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
