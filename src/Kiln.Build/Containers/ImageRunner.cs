using Kiln.Build.Operations.Run;
using Kiln.Build.Snapshots;
using Kiln.Oci;
using Kiln.Oci.Images;
using Kiln.Runtime;
using Kiln.Runtime.Users;
using Kiln.Storage;

namespace Kiln.Build.Containers;

/// <summary>
/// <c>kiln run</c>: runs an image from the local store with its own config (entrypoint, cmd, env, user, workdir) and
/// docker run's overrides, in a throwaway overlay snapshot (nothing it writes is kept), through the same runtime and
/// spec as RUN. With <see cref="ImageRunRequest.Health"/> the image's HEALTHCHECK runs inside the running container at
/// its interval until it passes once (healthy) or fails <c>retries</c> times in a row (unhealthy), then the container stops.
/// </summary>
public sealed class ImageRunner(LocalStore store, IContainerRuntime runtime, BuildWorkspace workspace, ISnapshotter snapshotter)
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private const int DefaultRetries = 3;

    public async Task<ImageRunResult> RunAsync(ImageRunRequest request, ContainerOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var image = await store.GetImageAsync(request.Image, Platform.Host(), cancellationToken).ConfigureAwait(false);
        var config = image.Config.Value.Config;
        var argv = Argv(request, config);
        var chain = await store.PrepareSnapshotsAsync(image, cancellationToken).ConfigureAwait(false);
        using var active = snapshotter.Prepare(chain.Layers.Select(l => l.Path).ToList());
        var root = active.MountPath;
        var user = ResolveUser(request.User ?? config.User, root);
        var cwd = request.WorkingDirectory ?? config.WorkingDir ?? "/";
        ContainerUser.EnsureWorkingDirectory(root, cwd, user);

        var id = OciRuntime.NewId();
        var directory = workspace.NewDirectory("container");
        var mounts = new List<ContainerMount>(SandboxFiles.Write(directory, id[5..17]));
        mounts.AddRange(request.Volumes.Select(Volume));
        var env = Environment(config.Env ?? [], request.Env);
        var container = new ContainerRequest
        {
            Id = id,
            RootFs = root,
            Args = argv,
            Env = env,
            Cwd = cwd,
            Uid = user.Uid,
            Gid = user.Gid,
            AdditionalGids = user.AdditionalGids,
            Hostname = id[5..17],
            Network = request.Network,
            Mounts = mounts,
        };
        var bundle = Path.Combine(directory, "bundle");
        if (!request.Health)
        {
            return new ImageRunResult(await runtime.RunAsync(container, bundle, output, cancellationToken).ConfigureAwait(false), null);
        }

        var check = config.Healthcheck is { Test: [_, ..] test } health && test[0] != "NONE"
            ? health
            : throw new ImageRunException($"{request.Image} has no HEALTHCHECK to run");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var main = runtime.RunAsync(container, bundle, output, stop.Token);
        try
        {
            var healthy = await ProbeAsync(check, id, env, cwd, user, main, cancellationToken).ConfigureAwait(false);
            return new ImageRunResult(healthy ? 0 : 1, healthy ? "healthy" : "unhealthy");
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await main.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The container was stopped after the health check.
            }
        }
    }

    private async Task<bool> ProbeAsync(HealthConfig check, string id, IReadOnlyList<string> env, string cwd, ExecUser user, Task<int> main, CancellationToken cancellationToken)
    {
        var test = check.Test!;
        IReadOnlyList<string> args = test[0] == "CMD-SHELL" ? ["/bin/sh", "-c", string.Join(' ', test.Skip(1))] : test.Skip(1).ToList();
        var interval = check.Interval > TimeSpan.Zero ? check.Interval : DefaultInterval;
        var timeout = check.Timeout > TimeSpan.Zero ? check.Timeout : DefaultTimeout;
        var retries = check.Retries > 0 ? check.Retries : DefaultRetries;
        var failures = 0;
        while (true)
        {
            var wait = Task.Delay(interval, cancellationToken);
            if (await Task.WhenAny(wait, main).ConfigureAwait(false) == main)
            {
                return false; // the main process ended before it became healthy
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            int exit;
            try
            {
                exit = await runtime.ExecAsync(id, args, env, cwd, user.Uid, user.Gid, (_, _) => { }, limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                exit = -1; // timed out
            }

            if (exit == 0)
            {
                return true;
            }

            if (++failures >= retries)
            {
                return false;
            }
        }
    }

    private static IReadOnlyList<string> Argv(ImageRunRequest request, ContainerConfig config)
    {
        IReadOnlyList<string> entrypoint = request.Entrypoint is { } e ? (e.Length == 0 ? [] : [e]) : config.Entrypoint ?? [];
        IReadOnlyList<string> cmd = request.Command.Count > 0 ? request.Command : request.Entrypoint is not null ? [] : config.Cmd ?? [];
        var argv = entrypoint.Concat(cmd).ToList();
        return argv.Count > 0 ? argv : throw new ImageRunException($"{request.Image} has no ENTRYPOINT or CMD: give a command after the image name");
    }

    private static List<string> Environment(IReadOnlyList<string> image, IReadOnlyList<string> overrides)
    {
        var env = image.ToList();
        foreach (var entry in overrides)
        {
            var value = entry.Contains('=', StringComparison.Ordinal) ? entry : entry + "=" + System.Environment.GetEnvironmentVariable(entry);
            var name = value.Split('=', 2)[0];
            env.RemoveAll(e => e.Split('=', 2)[0] == name);
            env.Add(value);
        }

        return env;
    }

    private static ContainerMount Volume(string spec)
    {
        var parts = spec.Split(':');
        if (parts.Length is < 2 or > 3 || !parts[1].StartsWith('/') || (parts.Length == 3 && parts[2] is not ("ro" or "rw")))
        {
            throw new ImageRunException($"invalid volume \"{spec}\": use -v /host/path:/container/path[:ro]");
        }

        var source = Path.GetFullPath(parts[0]);
        return Path.Exists(source)
            ? ContainerMount.Bind(source, parts[1], readOnly: parts.Length == 3 && parts[2] == "ro")
            : throw new ImageRunException($"invalid volume \"{spec}\": {source} does not exist");
    }

    private static ExecUser ResolveUser(string? spec, string root)
    {
        try
        {
            return ContainerUser.Resolve(spec, root);
        }
        catch (UserNotFoundException e)
        {
            throw new ImageRunException(e.Message);
        }
    }
}
