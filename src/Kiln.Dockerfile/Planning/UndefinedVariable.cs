namespace Kiln.Dockerfile.Planning;

/// <summary>A variable an instruction used that is not defined (LINT-UNDEFINED-VAR), with the closest defined name.</summary>
/// <param name="Name">The variable name.</param>
/// <param name="Suggestion">The closest defined name, or null.</param>
public sealed record UndefinedVariable(string Name, string? Suggestion);
