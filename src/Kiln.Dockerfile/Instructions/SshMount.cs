namespace Kiln.Dockerfile.Instructions;

/// <summary>
/// A <c>type=ssh</c> mount (DF-RUN-MOUNT-SSH): an SSH agent socket; the default target
/// <c>/run/buildkit/ssh_agent.N</c> (N = index among the step's ssh mounts) is chosen by the planner.
/// </summary>
public sealed record SshMount : Mount
{
    public override MountType Type => MountType.Ssh;

    /// <summary>The ssh id (default <c>default</c>).</summary>
    public string Id { get; init; } = "default";

    /// <summary>True: a missing agent fails the build (default false).</summary>
    public bool Required { get; init; }

    /// <summary>Socket mode (default 0600).</summary>
    public uint Mode { get; init; } = Convert.ToUInt32("600", 8);

    /// <summary>Socket owner uid (default 0).</summary>
    public uint Uid { get; init; }

    /// <summary>Socket owner gid (default 0).</summary>
    public uint Gid { get; init; }
}
