namespace Kiln.Build.Ssh;

/// <summary>
/// One <c>--ssh</c> of a build (DF-RUN-MOUNT-SSH, buildx's syntax <c>ID[=SOCKET|KEY[,KEY...]]</c>): <c>default</c> alone
/// forwards the agent at <c>$SSH_AUTH_SOCK</c>; a path that is a socket forwards that agent; key files are loaded into
/// an agent Kiln starts for the step (never written anywhere).
/// </summary>
public sealed record SshSource(string Id, IReadOnlyList<string> Paths)
{
    /// <exception cref="FormatException">No agent to forward, or a path that does not exist.</exception>
    public static SshSource Parse(string value, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(environment);
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        var id = equals < 0 ? value : value[..equals];
        if (id.Length == 0)
        {
            throw new FormatException($"--ssh {value}: an id is required (default, or ID=KEY)");
        }

        IReadOnlyList<string> paths = equals < 0
            ? [environment("SSH_AUTH_SOCK") ?? throw new FormatException($"--ssh {value}: SSH_AUTH_SOCK is not set; start an agent or give keys (--ssh {id}=~/.ssh/id_ed25519)")]
            : value[(equals + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Path.GetFullPath).ToList();
        foreach (var path in paths)
        {
            if (!Path.Exists(path))
            {
                throw new FormatException($"--ssh {value}: {path} does not exist");
            }
        }

        return new SshSource(id, paths);
    }

    /// <summary>True when the one path is an agent's socket (forwarded as it is).</summary>
    public bool IsSocket => Paths.Count == 1 && new Kiln.Linux.LinuxFileSystem().TryLStat(Paths[0]) is { Kind: Kiln.Linux.FileKind.Socket };
}
