namespace Kiln.Build.Containers;

/// <summary>How a <c>kiln run</c> ended: the main process's exit code, or with <c>--health</c> the health state reached.</summary>
/// <param name="ExitCode">The process's exit code (with <c>--health</c>: 0 healthy, 1 unhealthy).</param>
/// <param name="Health"><c>healthy</c> or <c>unhealthy</c> with <c>--health</c>, else null.</param>
public sealed record ImageRunResult(int ExitCode, string? Health);
