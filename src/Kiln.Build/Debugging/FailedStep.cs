namespace Kiln.Build.Debugging;

/// <summary>
/// What <c>kiln debug</c> needs to reopen a failed RUN (<c>--on-failure=keep</c>): the step's name, the layer directories
/// under it (bottom first), the process it ran (argv, environment, working directory, user) and the network mode.
/// Stored as <c>step.json</c> beside the kept upper dir.
/// </summary>
public sealed record FailedStep
{
    public required string Name { get; init; }

    public required IReadOnlyList<string> Lowers { get; init; }

    public required IReadOnlyList<string> Argv { get; init; }

    public required IReadOnlyList<string> Env { get; init; }

    public required string WorkingDirectory { get; init; }

    public required uint Uid { get; init; }

    public required uint Gid { get; init; }

    public IReadOnlyList<uint> AdditionalGids { get; init; } = [];

    public bool NoNetwork { get; init; }
}
