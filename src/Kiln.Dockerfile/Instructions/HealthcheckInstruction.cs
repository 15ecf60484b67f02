namespace Kiln.Dockerfile.Instructions;

/// <summary>
/// <c>HEALTHCHECK [opts] CMD …</c> or <c>HEALTHCHECK NONE</c> (DF-HEALTHCHECK*). Durations of zero and
/// retries of zero mean "runtime default"; the command is never expanded.
/// </summary>
public sealed record HealthcheckInstruction : Instruction
{
    /// <summary>True for <c>HEALTHCHECK NONE</c> (disables an inherited check).</summary>
    public bool IsNone { get; init; }

    /// <summary>The command for <c>CMD</c>, null for NONE.</summary>
    public CommandLine? Command { get; init; }

    /// <summary>The image-config test: <c>["NONE"]</c>, <c>["CMD", argv…]</c> or <c>["CMD-SHELL", "text"]</c>.</summary>
    public required IReadOnlyList<string> Test { get; init; }

    public TimeSpan Interval { get; init; }

    public TimeSpan Timeout { get; init; }

    public TimeSpan StartPeriod { get; init; }

    public TimeSpan StartInterval { get; init; }

    public int Retries { get; init; }
}
