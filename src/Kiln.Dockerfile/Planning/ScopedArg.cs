using Kiln.Dockerfile.Diagnostics;

namespace Kiln.Dockerfile.Planning;

/// <summary>An ARG declared in a stage (or inherited from its parent stage) with the value it got (DF-ARG-SCOPE, DF-ARG-VALUE).</summary>
/// <param name="Name">The name.</param>
/// <param name="Value">The value, or null when it has none (declared without default, no <c>--build-arg</c>, no global value).</param>
/// <param name="Range">Where it was declared.</param>
/// <param name="IsGlobalImport">True for a value-less redeclaration that took the global value (DF-ARG-GLOBAL).</param>
public sealed record ScopedArg(string Name, string? Value, SourceRange Range, bool IsGlobalImport);
