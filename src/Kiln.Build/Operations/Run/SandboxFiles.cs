namespace Kiln.Build.Operations.Run;

/// <summary>
/// The <c>/etc/hosts</c>, <c>/etc/resolv.conf</c> and <c>/etc/hostname</c> a RUN container sees (DF-RUN-USER-WD): generated
/// into the build's workspace and bind-mounted read-only, so none of them reaches the step's layer. The hosts file is
/// BuildKit's (<c>localhost</c> and the sandbox hostname); resolv.conf is the host's, as the build shares its network.
/// </summary>
internal static class SandboxFiles
{
    public const string Hostname = "buildkitsandbox";

    /// <summary>Writes the three files into <paramref name="directory"/> and returns their mounts.</summary>
    public static IReadOnlyList<Kiln.Runtime.ContainerMount> Write(string directory, string hostname = Hostname)
    {
        var hosts = Path.Combine(directory, "hosts");
        File.WriteAllText(hosts, $"127.0.0.1\tlocalhost {hostname}\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        var resolv = Path.Combine(directory, "resolv.conf");
        string content;
        try
        {
            content = File.ReadAllText("/etc/resolv.conf");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            content = string.Empty;
        }

        File.WriteAllText(resolv, content);
        var hostnameFile = Path.Combine(directory, "hostname");
        File.WriteAllText(hostnameFile, hostname + "\n");
        return
        [
            Kiln.Runtime.ContainerMount.Bind(hosts, "/etc/hosts"),
            Kiln.Runtime.ContainerMount.Bind(resolv, "/etc/resolv.conf"),
            Kiln.Runtime.ContainerMount.Bind(hostnameFile, "/etc/hostname"),
        ];
    }
}
