using Kiln.Dockerfile.Instructions;
using Kiln.Oci;

namespace Kiln.Dockerfile.Planning;

/// <summary>
/// One build stage of a <see cref="BuildPlan"/> (DF-FROM*, DF-STAGE-*): its FROM, the expanded base and how it
/// resolved, the platform, its instructions and what it depends on.
/// </summary>
public sealed record StagePlan
{
    /// <summary>Zero-based position in the file (DF-STAGE-INDEX).</summary>
    public required int Index { get; init; }

    /// <summary>The lower-cased <c>AS</c> name, or null.</summary>
    public string? Name { get; init; }

    /// <summary>The name in progress output: the name, else <c>stage-N</c>; empty for a single-stage build (DF-STAGE-DEFAULT-NAME).</summary>
    public required string DisplayName { get; init; }

    /// <summary>The <c># name description</c> comment above FROM, or empty (DF-STAGE-DOC).</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>The FROM instruction as written.</summary>
    public required FromInstruction From { get; init; }

    /// <summary>The base name after expansion with the global ARGs (DF-VAR-FROM-SCOPE).</summary>
    public required string BaseName { get; init; }

    /// <summary>What the base resolved to.</summary>
    public required StageBase Base { get; init; }

    /// <summary>The stage platform: <c>--platform</c>, else the parent stage's, else the target platform.</summary>
    public required Platform Platform { get; init; }

    /// <summary>True when FROM has <c>--platform</c>.</summary>
    public bool HasExplicitPlatform { get; init; }

    /// <summary>The instructions after FROM, in order.</summary>
    public required IReadOnlyList<Instruction> Instructions { get; init; }

    /// <summary>Stages, images and contexts this stage uses, in instruction order (the FROM base first).</summary>
    public required IReadOnlyList<StageDependency> Dependencies { get; init; }

    /// <summary>True when the target needs this stage (DF-STAGE-PRUNE).</summary>
    public bool IsNeeded { get; init; }

    /// <summary>Global ARGs referenced by the base name and <c>--platform</c> (for <c>--call=outline</c>).</summary>
    public IReadOnlySet<string> UsedGlobalArgs { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Names referenced in FROM that are not global ARGs (LINT-UNDEFINED-ARG-IN-FROM).</summary>
    public IReadOnlySet<string> UndefinedFromArgs { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>True when a named context named after this stage replaces it: its instructions are not run.</summary>
    public bool IsReplacedByContext => Base is NamedContextBase { ReplacesStage: true };

    /// <summary>The parent stage index when the base is an earlier stage.</summary>
    public int? BaseStageIndex => Base is StageReferenceBase s ? s.StageIndex : null;
}
