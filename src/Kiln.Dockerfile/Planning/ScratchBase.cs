namespace Kiln.Dockerfile.Planning;

/// <summary><c>FROM scratch</c>: an empty filesystem and an empty config (DF-FROM-SCRATCH).</summary>
public sealed record ScratchBase : StageBase;
