namespace Kiln.Cli.Tests;

/// <summary>Exit code and output of one <c>kiln</c> run.</summary>
internal sealed record KilnResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
