using Kiln.Dockerfile.Instructions;

namespace Kiln.Dockerfile.Planning;

/// <summary>One use of another stage, image or context by a stage, with the instruction that creates it (DF-STAGE-PRUNE).</summary>
/// <param name="Kind">FROM, COPY --from or RUN --mount from.</param>
/// <param name="Source">What the name resolves to.</param>
/// <param name="Instruction">The instruction (for an ONBUILD trigger of the parent stage: the parent's ONBUILD).</param>
public sealed record StageDependency(DependencyKind Kind, DependencySource Source, Instruction Instruction);
