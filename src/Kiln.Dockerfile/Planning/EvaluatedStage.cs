namespace Kiln.Dockerfile.Planning;

/// <summary>A stage after <see cref="StageEvaluator"/>: its steps (ONBUILD triggers first) and its initial and final state.</summary>
public sealed record EvaluatedStage(StagePlan Stage, StageState Initial, IReadOnlyList<EvaluatedStep> Steps, StageState Final);
