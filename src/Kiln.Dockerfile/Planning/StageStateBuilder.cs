using Kiln.Dockerfile.Shell;
using Kiln.Oci;
using Kiln.Oci.Images;

namespace Kiln.Dockerfile.Planning;

/// <summary>The mutable working copy of a <see cref="StageState"/> while <see cref="StageEvaluator"/> walks a stage.</summary>
internal sealed class StageStateBuilder
{
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public List<string> Env { get; private init; } = [];

    public string? WorkingDir { get; set; }

    public string? User { get; set; }

    public IReadOnlyList<string>? Shell { get; set; }

    public IReadOnlyList<string>? Cmd { get; set; }

    public IReadOnlyList<string>? Entrypoint { get; set; }

    public Dictionary<string, string> Labels { get; private init; } = new(StringComparer.Ordinal);

    public SortedSet<string> ExposedPorts { get; private init; } = new(StringComparer.Ordinal);

    public List<string> Volumes { get; private init; } = [];

    public string? StopSignal { get; set; }

    public HealthConfig? Healthcheck { get; set; }

    public List<string> OnBuild { get; private init; } = [];

    public string? Author { get; set; }

    public bool ArgsEscaped { get; set; }

    public ShellEnvironment BuildEnv { get; private init; } = new();

    public List<ScopedArg> Args { get; private init; } = [];

    public bool EnvKnown { get; set; } = true;

    public bool CmdSetInStage { get; set; }

    public required Platform Platform { get; init; }

    public string WorkingDirectory => string.IsNullOrEmpty(WorkingDir) ? "/" : WorkingDir;

    /// <summary>A stage starting from an image, context or scratch: config copied, default PATH added (DF-IMG-PATH).</summary>
    public static StageStateBuilder FromBase(BaseImageState state, Platform platform)
    {
        var builder = new StageStateBuilder
        {
            Platform = platform,
            Env = [.. state.Env],
            User = state.User,
            Shell = state.Shell,
            Cmd = state.Cmd,
            Entrypoint = state.Entrypoint,
            Labels = new Dictionary<string, string>(state.Labels, StringComparer.Ordinal),
            ExposedPorts = new SortedSet<string>(state.ExposedPorts, StringComparer.Ordinal),
            Volumes = [.. state.Volumes.Distinct(StringComparer.Ordinal)],
            StopSignal = state.StopSignal,
            Healthcheck = state.Healthcheck,
            Author = state.Author,
            ArgsEscaped = state.ArgsEscaped,
            EnvKnown = state.EnvKnown,
        };
        if (!ShellEnvironment.FromAssignments(builder.Env).Contains("PATH") && !platform.OS.Equals("windows", StringComparison.OrdinalIgnoreCase))
        {
            builder.Env.Add("PATH=" + DefaultPath);
        }

        foreach (var entry in ShellEnvironment.FromAssignments(builder.Env).Entries)
        {
            builder.BuildEnv.Set(entry.Key, entry.Value);
        }

        if (!string.IsNullOrEmpty(state.WorkingDir))
        {
            builder.WorkingDir = StageEvaluator.NormalizeWorkdir(null, state.WorkingDir);
        }

        return builder;
    }

    /// <summary>A stage built FROM another stage: config, build environment and ARGs inherited; ONBUILD not carried (DF-FROM-STAGE).</summary>
    public static StageStateBuilder FromStage(StageState parent) => new()
    {
        Platform = parent.Platform,
        Env = [.. parent.Env],
        WorkingDir = parent.WorkingDir,
        User = parent.User,
        Shell = parent.Shell,
        Cmd = parent.Cmd,
        Entrypoint = parent.Entrypoint,
        Labels = new Dictionary<string, string>(parent.Labels, StringComparer.Ordinal),
        ExposedPorts = new SortedSet<string>(parent.ExposedPorts, StringComparer.Ordinal),
        Volumes = [.. parent.Volumes],
        StopSignal = parent.StopSignal,
        Healthcheck = parent.Healthcheck,
        Author = parent.Author,
        ArgsEscaped = parent.ArgsEscaped,
        BuildEnv = ShellEnvironment.FromPairs(parent.BuildEnvironment),
        Args = [.. parent.Args],
        EnvKnown = parent.EnvKnown,
    };

    /// <summary>Sets an ENV in the image config (replacing in place) and in the build environment.</summary>
    public void SetEnv(string name, string value)
    {
        BuildEnv.Set(name, value);
        for (var i = 0; i < Env.Count; i++)
        {
            var eq = Env[i].IndexOf('=', StringComparison.Ordinal);
            var key = eq >= 0 ? Env[i][..eq] : Env[i];
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                Env[i] = name + "=" + value;
                return;
            }
        }

        Env.Add(name + "=" + value);
    }

    public StageState Snapshot() => new()
    {
        Env = [.. Env],
        WorkingDir = WorkingDir,
        User = User,
        Shell = Shell,
        Cmd = Cmd,
        Entrypoint = Entrypoint,
        Labels = new Dictionary<string, string>(Labels, StringComparer.Ordinal),
        ExposedPorts = [.. ExposedPorts],
        Volumes = [.. Volumes],
        StopSignal = StopSignal,
        Healthcheck = Healthcheck,
        OnBuild = [.. OnBuild],
        Author = Author,
        ArgsEscaped = ArgsEscaped,
        BuildEnvironment = [.. BuildEnv.Entries],
        Args = [.. Args],
        EnvKnown = EnvKnown,
        CmdSetInStage = CmdSetInStage,
        Platform = Platform,
    };
}
