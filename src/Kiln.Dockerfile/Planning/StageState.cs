using Kiln.Dockerfile.Shell;
using Kiln.Oci;
using Kiln.Oci.Images;

namespace Kiln.Dockerfile.Planning;

/// <summary>
/// The state BuildKit keeps while dispatching a stage (DF-IMG-CONFIG, DF-VAR-ENV-SOURCE, DF-ARG-SCOPE): the image
/// config so far, the build environment used for expansion and RUN (image ENV and ARG values, in the order set),
/// the ARGs in scope and the platform. A stage built <c>FROM</c> this stage starts from it (DF-FROM-STAGE).
/// </summary>
public sealed record StageState
{
    /// <summary>Image config <c>Env</c> (<c>NAME=VALUE</c>), without ARG values.</summary>
    public required IReadOnlyList<string> Env { get; init; }

    /// <summary>Config WorkingDir, or null when never set.</summary>
    public string? WorkingDir { get; init; }

    public string? User { get; init; }

    public IReadOnlyList<string>? Shell { get; init; }

    public IReadOnlyList<string>? Cmd { get; init; }

    public IReadOnlyList<string>? Entrypoint { get; init; }

    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    /// <summary>Exposed ports as <c>port/proto</c>, sorted.</summary>
    public required IReadOnlyList<string> ExposedPorts { get; init; }

    public required IReadOnlyList<string> Volumes { get; init; }

    public string? StopSignal { get; init; }

    public HealthConfig? Healthcheck { get; init; }

    /// <summary>ONBUILD triggers stored by this stage (DF-ONBUILD).</summary>
    public required IReadOnlyList<string> OnBuild { get; init; }

    public string? Author { get; init; }

    public bool ArgsEscaped { get; init; }

    /// <summary>The variables used for expansion and passed to RUN: image ENV plus ARGs with values.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> BuildEnvironment { get; init; }

    /// <summary>The ARGs in scope (inherited from a parent stage first), in declaration order.</summary>
    public required IReadOnlyList<ScopedArg> Args { get; init; }

    /// <summary>False when the base image environment is unknown.</summary>
    public bool EnvKnown { get; init; } = true;

    /// <summary>True once CMD was set in this stage (DF-ENTRYPOINT-RESETS-CMD).</summary>
    public bool CmdSetInStage { get; init; }

    /// <summary>The stage platform.</summary>
    public required Platform Platform { get; init; }

    /// <summary>The directory RUN and relative paths use: WorkingDir, else <c>/</c>.</summary>
    public string WorkingDirectory => string.IsNullOrEmpty(WorkingDir) ? "/" : WorkingDir;

    /// <summary>The build environment as a variable lookup.</summary>
    public ShellEnvironment ToShellEnvironment() => ShellEnvironment.FromPairs(BuildEnvironment);

    /// <summary>The image config fields as an OCI container config.</summary>
    public ContainerConfig ToContainerConfig() => new()
    {
        User = User,
        ExposedPorts = ExposedPorts,
        Env = Env,
        Entrypoint = Entrypoint,
        Cmd = Cmd,
        Volumes = Volumes,
        WorkingDir = WorkingDir,
        Labels = Labels,
        StopSignal = StopSignal,
        ArgsEscaped = ArgsEscaped,
        Healthcheck = Healthcheck,
        OnBuild = OnBuild,
        Shell = Shell,
    };
}
