namespace Kiln.Dockerfile.Planning;

/// <summary>
/// A <c>--build-context</c> replaces the base (CTX-NAMED-USE, DF-FROM-NAMED-CTX): either because it has the
/// base's name, or because it has the stage's own name (<see cref="ReplacesStage"/>: the stage's instructions are skipped).
/// </summary>
/// <param name="ContextName">The context name as given on the command line.</param>
/// <param name="ReplacesStage">True when the context is named after the stage itself.</param>
public sealed record NamedContextBase(string ContextName, bool ReplacesStage) : StageBase;
