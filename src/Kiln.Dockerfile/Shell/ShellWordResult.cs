namespace Kiln.Dockerfile.Shell;

/// <summary>
/// Result of single-word processing (DF-VAR): the expanded text and the variable names that were looked up
/// and found (<see cref="Matched"/>) or not found (<see cref="Unmatched"/>), used by lint rules such as
/// UndefinedVar.
/// </summary>
public sealed record ShellWordResult(string Value, IReadOnlySet<string> Matched, IReadOnlySet<string> Unmatched);
