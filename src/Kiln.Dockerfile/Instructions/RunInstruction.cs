namespace Kiln.Dockerfile.Instructions;

/// <summary><c>RUN [--mount…] [--network] [--security] [--device…] &lt;command&gt;</c> (DF-RUN-*).</summary>
public sealed record RunInstruction : Instruction
{
    /// <summary>The command (never expanded by the builder).</summary>
    public required CommandLine Command { get; init; }

    /// <summary>The mounts; provisional where <see cref="Mount.NeedsExpansion"/> until <see cref="Expand"/>.</summary>
    public IReadOnlyList<Mount> Mounts { get; init; } = [];

    /// <summary>The network mode (default <see cref="RunNetwork.Default"/>; not expanded).</summary>
    public RunNetwork Network { get; init; } = RunNetwork.Default;

    /// <summary>The security mode (default sandbox; not expanded).</summary>
    public RunSecurity Security { get; init; } = RunSecurity.Sandbox;

    /// <summary>The requested CDI devices (not expanded).</summary>
    public IReadOnlyList<RunDevice> Devices { get; init; } = [];

    /// <summary>Re-parses every mount with <paramref name="expander"/> (all values except <c>from</c>, DF-VAR-FLAGS).</summary>
    public RunInstruction Expand(IWordExpander expander)
    {
        ArgumentNullException.ThrowIfNull(expander);
        return this with { Mounts = Mounts.Select(m => MountParser.Parse(m.Raw, expander, FilePath, KeywordRange)).ToArray() };
    }
}
