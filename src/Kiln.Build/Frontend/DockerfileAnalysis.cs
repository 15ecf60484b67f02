using Kiln.Dockerfile.Checks;
using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Instructions;
using Kiln.Dockerfile.Planning;
using Kiln.Dockerfile.Syntax;

namespace Kiln.Build.Frontend;

/// <summary>
/// Everything the frontend learns about one Dockerfile for one build request: the syntax tree, the typed
/// instructions, the stage plan, the evaluated stages (expanded steps and their state) and the build-check
/// report. When the Dockerfile is invalid, <see cref="Error"/> says why, the plan and stages are null, and
/// <see cref="Checks"/> holds the findings of the checks that could still run (null when it did not parse).
/// </summary>
public sealed record DockerfileAnalysis
{
    /// <summary>The Dockerfile text with its display name (for rendering diagnostics).</summary>
    public required SourceFile Source { get; init; }

    /// <summary>The error that made the Dockerfile invalid, or null.</summary>
    public Diagnostic? Error { get; init; }

    public DockerfileSyntax? Syntax { get; init; }

    public IReadOnlyList<Instruction>? Instructions { get; init; }

    public BuildPlan? Plan { get; init; }

    /// <summary>Evaluated stages by stage index: the needed ones, or all stages for a whole-file check.</summary>
    public IReadOnlyDictionary<int, EvaluatedStage>? Stages { get; init; }

    public CheckReport? Checks { get; init; }

    /// <summary>Warnings about how Kiln runs this build that are not build checks (an unsupported syntax frontend).</summary>
    public IReadOnlyList<Diagnostic> Notices { get; init; } = [];

    /// <summary>True when the Dockerfile parsed, planned and evaluated without error.</summary>
    public bool IsValid => Error is null;
}
