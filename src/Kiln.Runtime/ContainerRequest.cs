namespace Kiln.Runtime;

/// <summary>One process to run in a container over a prepared root filesystem (a mounted snapshot).</summary>
public sealed record ContainerRequest
{
    /// <summary>The container's id for the runtime (a fresh one when null); needed to <c>exec</c> into it.</summary>
    public string? Id { get; init; }

    /// <summary>The mounted root filesystem (absolute path).</summary>
    public required string RootFs { get; init; }

    /// <summary>The argv; the first element is resolved with <c>PATH</c> by the runtime.</summary>
    public required IReadOnlyList<string> Args { get; init; }

    /// <summary><c>NAME=VALUE</c> entries.</summary>
    public IReadOnlyList<string> Env { get; init; } = [];

    /// <summary>The working directory inside the container (must exist).</summary>
    public string Cwd { get; init; } = "/";

    public uint Uid { get; init; }

    public uint Gid { get; init; }

    public IReadOnlyList<uint> AdditionalGids { get; init; } = [];

    /// <summary>The UTS hostname (BuildKit's RUN default is <c>buildkitsandbox</c>).</summary>
    public string Hostname { get; init; } = "buildkitsandbox";

    public ContainerNetwork Network { get; init; } = ContainerNetwork.Host;

    /// <summary>
    /// The container uses the caller's own stdin, stdout and stderr (<c>kiln debug</c>), with a pseudo-terminal when
    /// <see cref="Terminal"/> is set; the output callback then receives nothing.
    /// </summary>
    public bool Interactive { get; init; }

    /// <summary>Allocate a pseudo-terminal (only with <see cref="Interactive"/> and a terminal on stdin).</summary>
    public bool Terminal { get; init; }

    /// <summary>Mounts beside the standard ones (<c>/etc/hosts</c>, <c>/etc/resolv.conf</c>, RUN --mount, …).</summary>
    public IReadOnlyList<ContainerMount> Mounts { get; init; } = [];
}
