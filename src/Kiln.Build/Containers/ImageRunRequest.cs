namespace Kiln.Build.Containers;

/// <summary>What <c>kiln run</c> asks for: an image and the overrides of its config (docker run's flags).</summary>
public sealed record ImageRunRequest
{
    public required string Image { get; init; }

    /// <summary>Arguments after the image: replace the image's CMD when given.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary><c>--entrypoint</c>: replaces the image's ENTRYPOINT (and drops its CMD unless a command is given); empty clears it.</summary>
    public string? Entrypoint { get; init; }

    /// <summary><c>-e NAME=VALUE</c> (or <c>-e NAME</c> to pass the caller's value), applied over the image's ENV.</summary>
    public IReadOnlyList<string> Env { get; init; } = [];

    /// <summary><c>-v SRC:DST[:ro]</c> bind mounts.</summary>
    public IReadOnlyList<string> Volumes { get; init; } = [];

    public string? User { get; init; }

    public string? WorkingDirectory { get; init; }

    public Kiln.Runtime.ContainerNetwork Network { get; init; } = Kiln.Runtime.ContainerNetwork.Host;

    /// <summary><c>--health</c>: run the image's HEALTHCHECK against the running container and report the state.</summary>
    public bool Health { get; init; }
}
