namespace Kiln.Build.Operations.Sources;

/// <summary>How one <c>git</c> invocation ended: its exit code and what it printed.</summary>
internal sealed record GitResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}
