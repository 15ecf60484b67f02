using Kiln.Oci.Images;

namespace Kiln.Dockerfile.Planning;

/// <summary>
/// The config a stage starts from when its base is an image, a named context or scratch (DF-FROM, DF-FROM-RESOLVE,
/// DF-FROM-ONBUILD). <see cref="EnvKnown"/> is false when the base config is not available (a registry image
/// while linting): then no variable is reported as undefined, since it could come from the base.
/// </summary>
public sealed record BaseImageState
{
    /// <summary>The config of scratch: empty but for WorkingDir <c>/</c>, as BuildKit's <c>emptyImage</c> writes it (PATH is added for every base).</summary>
    public static BaseImageState Scratch { get; } = new() { WorkingDir = "/" };

    /// <summary>A base whose config is unknown.</summary>
    public static BaseImageState Unknown { get; } = new() { EnvKnown = false };

    /// <summary><c>NAME=VALUE</c> entries.</summary>
    public IReadOnlyList<string> Env { get; init; } = [];

    public string? WorkingDir { get; init; }

    public string? User { get; init; }

    public IReadOnlyList<string>? Shell { get; init; }

    public IReadOnlyList<string>? Cmd { get; init; }

    public IReadOnlyList<string>? Entrypoint { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Exposed ports as <c>port/proto</c>.</summary>
    public IReadOnlyList<string> ExposedPorts { get; init; } = [];

    public IReadOnlyList<string> Volumes { get; init; } = [];

    public string? StopSignal { get; init; }

    public HealthConfig? Healthcheck { get; init; }

    /// <summary>ONBUILD triggers of the base, run right after FROM (DF-FROM-ONBUILD).</summary>
    public IReadOnlyList<string> OnBuild { get; init; } = [];

    public string? Author { get; init; }

    public bool ArgsEscaped { get; init; }

    /// <summary>False when the base config (and so its environment) is not known.</summary>
    public bool EnvKnown { get; init; } = true;

    /// <summary>The state of an image with <paramref name="config"/>.</summary>
    public static BaseImageState FromImageConfig(ImageConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var c = config.Config;
        return new BaseImageState
        {
            Env = c.Env ?? [],
            WorkingDir = c.WorkingDir,
            User = c.User,
            Shell = c.Shell,
            Cmd = c.Cmd,
            Entrypoint = c.Entrypoint,
            Labels = c.Labels ?? new Dictionary<string, string>(StringComparer.Ordinal),
            ExposedPorts = c.ExposedPorts ?? [],
            Volumes = c.Volumes ?? [],
            StopSignal = c.StopSignal,
            Healthcheck = c.Healthcheck,
            OnBuild = c.OnBuild ?? [],
            Author = config.Author,
            ArgsEscaped = c.ArgsEscaped,
        };
    }
}
