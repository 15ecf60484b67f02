namespace Kiln.Dockerfile.Planning;

/// <summary>What a stage starts from (DF-FROM, DF-FROM-SCRATCH, DF-FROM-STAGE, DF-FROM-NAMED-CTX).</summary>
public abstract record StageBase;
