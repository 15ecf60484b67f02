namespace Kiln.Dockerfile.Planning;

/// <summary><c>FROM &lt;earlier stage&gt;</c>: starts from that stage's final state (DF-FROM-STAGE).</summary>
/// <param name="StageIndex">The zero-based index of the parent stage.</param>
public sealed record StageReferenceBase(int StageIndex) : StageBase;
