using Kiln.Runtime.Spec;

namespace Kiln.Runtime;

/// <summary>
/// Turns a <see cref="ContainerRequest"/> into the runtime spec Kiln hands to runc or crun: mount, pid, ipc and uts
/// namespaces (network only for <see cref="ContainerNetwork.None"/>), Docker's default capabilities,
/// no-new-privileges, Docker's masked and read-only paths, the standard mounts and then the request's own.
/// </summary>
public static class SpecBuilder
{
    public static RuntimeSpec Build(ContainerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var namespaces = new List<SpecNamespace> { new("pid"), new("ipc"), new("uts"), new("mount") };
        if (request.Network == ContainerNetwork.None)
        {
            namespaces.Add(new SpecNamespace("network"));
        }

        var env = request.Env.ToList();
        if (!env.Any(e => e.StartsWith("PATH=", StringComparison.Ordinal)))
        {
            env.Insert(0, "PATH=" + DockerDefaults.Path);
        }

        var mounts = DockerDefaults.Mounts.Concat(request.Mounts)
            .Select(m => new SpecMount { Destination = m.Destination, Type = m.Type, Source = m.Source, Options = m.Options })
            .ToList();
        return new RuntimeSpec
        {
            Process = new SpecProcess
            {
                Terminal = request.Interactive && request.Terminal,
                User = new SpecUser { Uid = request.Uid, Gid = request.Gid, AdditionalGids = request.AdditionalGids.Count > 0 ? request.AdditionalGids : null },
                Args = request.Args,
                Env = env,
                Cwd = request.Cwd,
                Capabilities = new SpecCapabilities
                {
                    Bounding = DockerDefaults.Capabilities,
                    Effective = DockerDefaults.Capabilities,
                    Permitted = DockerDefaults.Capabilities,
                },
                NoNewPrivileges = true,
            },
            Root = new SpecRoot { Path = request.RootFs },
            Hostname = request.Hostname,
            Mounts = mounts,
            Linux = new SpecLinux
            {
                Namespaces = namespaces,
                MaskedPaths = DockerDefaults.MaskedPaths,
                ReadonlyPaths = DockerDefaults.ReadonlyPaths,
            },
        };
    }
}
