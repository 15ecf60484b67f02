using Kiln.Dockerfile.Instructions;

namespace Kiln.Dockerfile.Planning;

/// <summary>
/// The result of <see cref="BuildPlanner"/>: every stage, the target, the stages the target needs in build
/// order, and the evaluated global ARGs (DF-STAGE-*, DF-ARG-GLOBAL, DF-PARG-*).
/// </summary>
public sealed record BuildPlan
{
    /// <summary>What was asked.</summary>
    public required BuildRequest Request { get; init; }

    /// <summary>The Dockerfile path shown in diagnostics, or null.</summary>
    public string? FilePath { get; init; }

    /// <summary>The escape token from the directives (for expansion).</summary>
    public char EscapeToken { get; init; } = '\\';

    /// <summary>All stages in file order.</summary>
    public required IReadOnlyList<StagePlan> Stages { get; init; }

    /// <summary>The target stage (DF-STAGE-TARGET).</summary>
    public required StagePlan Target { get; init; }

    /// <summary>The needed stages, dependencies first; independent stages keep file order (DF-STAGE-PRUNE).</summary>
    public required IReadOnlyList<StagePlan> BuildOrder { get; init; }

    /// <summary>The ARG instructions before the first FROM.</summary>
    public required IReadOnlyList<ArgInstruction> GlobalInstructions { get; init; }

    /// <summary>Every declared global ARG in declaration order (a redeclaration appears again).</summary>
    public required IReadOnlyList<GlobalArg> GlobalArgs { get; init; }

    /// <summary>
    /// The global scope used by FROM and by value-less stage ARGs: the automatic platform ARGs and
    /// <c>TARGETSTAGE</c> (<c>--build-arg</c> overrides applied), then the global ARGs with values.
    /// </summary>
    public required IReadOnlyList<KeyValuePair<string, string>> GlobalScope { get; init; }

    /// <summary>Looks up a global-scope value.</summary>
    public bool TryGetGlobal(string name, out string value)
    {
        foreach (var pair in GlobalScope)
        {
            if (string.Equals(pair.Key, name, StringComparison.Ordinal))
            {
                value = pair.Value;
                return true;
            }
        }

        value = string.Empty;
        return false;
    }

    /// <summary>
    /// Resolves a <c>--from</c> / mount <c>from=</c> name as seen from any stage: a stage name (case-insensitive)
    /// or index, else a named context, else an image; null when it is none of those (invalid reference or index).
    /// </summary>
    public DependencySource? ResolveSource(string reference) => SourceResolver.TryResolve(reference, Stages, Request.NamedContexts, out var source, out _) ? source : null;
}
