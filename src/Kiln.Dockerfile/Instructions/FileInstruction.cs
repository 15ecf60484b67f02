using Kiln.Dockerfile.Syntax;

namespace Kiln.Dockerfile.Instructions;

/// <summary>
/// What COPY and ADD share (DF-COPY*, DF-ADD*): sources, heredoc sources, destination, <c>--chown</c>,
/// <c>--chmod</c>, <c>--link</c> and <c>--exclude</c>. Sources, destination, chown and chmod are expanded;
/// excludes are not (DF-VAR-FLAGS).
/// </summary>
public abstract record FileInstruction : Instruction
{
    /// <summary>Source paths (for ADD also URLs and git refs), heredoc words removed, raw.</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    /// <summary>Inline file sources (<c>COPY &lt;&lt;EOF /dest</c>).</summary>
    public IReadOnlyList<Heredoc> HeredocSources { get; init; } = [];

    /// <summary>The destination, raw.</summary>
    public required string Destination { get; init; }

    /// <summary><c>--chown</c>, raw, or null.</summary>
    public string? Chown { get; init; }

    /// <summary><c>--chmod</c>, raw, or null.</summary>
    public string? Chmod { get; init; }

    /// <summary><c>--link</c> (DF-COPY-LINK).</summary>
    public bool Link { get; init; }

    /// <summary><c>--exclude</c> patterns (DF-COPY-EXCLUDE).</summary>
    public IReadOnlyList<string> Excludes { get; init; } = [];

    /// <summary>The parsed <see cref="Chown"/> (meaningful after expansion), or null.</summary>
    public ChownSpec? ChownSpec => Chown is { Length: > 0 } && Instructions.ChownSpec.TryParse(Chown, out var s, out _) ? s : null;

    /// <summary>The parsed <see cref="Chmod"/> (meaningful after expansion), or null.</summary>
    public ChmodSpec? ChmodSpec => Chmod is { Length: > 0 } && Instructions.ChmodSpec.TryParse(Chmod, out var s, out _) ? s : null;

    /// <summary>A copy with the shared expandable parts expanded (the caller validates the result).</summary>
    protected T ExpandShared<T>(T self, IWordExpander expander)
        where T : FileInstruction
    {
        ArgumentNullException.ThrowIfNull(self);
        ArgumentNullException.ThrowIfNull(expander);
        return self with
        {
            Sources = Sources.Select(expander.ExpandWord).ToArray(),
            Destination = expander.ExpandWord(Destination),
            Chown = Chown is null ? null : expander.ExpandWord(Chown),
            Chmod = Chmod is null ? null : expander.ExpandWord(Chmod),
        };
    }
}
