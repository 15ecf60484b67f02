using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Instructions;

namespace Kiln.Dockerfile.Planning;

/// <summary>
/// One instruction of a stage as BuildKit dispatches it: the instruction with its variables expanded
/// (DF-VAR-WHERE), the undefined variables it used, the state before and after, and RUN or COPY details.
/// </summary>
public sealed record EvaluatedStep
{
    /// <summary>The instruction as written (for a trigger: parsed from the trigger text).</summary>
    public required Instruction Instruction { get; init; }

    /// <summary>The instruction after expansion (the same object when nothing is expanded).</summary>
    public required Instruction Expanded { get; init; }

    /// <summary>True for an ONBUILD trigger of the base run after FROM (DF-FROM-ONBUILD).</summary>
    public bool IsOnbuildTrigger { get; init; }

    /// <summary>Where diagnostics for this step point (the FROM line for triggers).</summary>
    public required SourceRange Range { get; init; }

    /// <summary>Variables used and not defined (never reported when the base env is unknown).</summary>
    public IReadOnlyList<UndefinedVariable> UndefinedVariables { get; init; } = [];

    public required StageState Before { get; init; }

    public required StageState After { get; init; }

    /// <summary>RUN details, else null.</summary>
    public RunStep? Run { get; init; }

    /// <summary>What <c>COPY --from</c> points at, else null.</summary>
    public DependencySource? CopySource { get; init; }

    /// <summary>The ports an EXPOSE adds (<c>port/proto</c>), else empty.</summary>
    public IReadOnlyList<string> ExposedPorts { get; init; } = [];
}
