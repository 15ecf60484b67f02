using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Kiln.Runtime.Spec;

namespace Kiln.Runtime;

/// <summary>
/// Drives an OCI runtime binary with runc's command line (<c>run --bundle</c>, <c>kill</c>, <c>delete --force</c>), which
/// runc and crun share: the bundle's <c>config.json</c> comes from <see cref="SpecBuilder"/>, the container's stdout and
/// stderr are pipes read as they fill, and a cancelled run is killed with SIGKILL and deleted before returning.
/// <paramref name="stateRoot"/> keeps the runtime's state (one per build, removed with it).
/// </summary>
public sealed class OciRuntime(string name, string binary, string stateRoot, IReadOnlyList<string>? globalArguments = null) : IContainerRuntime
{
    public string Name => name;

    /// <summary>runc from PATH, with its state under <paramref name="stateRoot"/>.</summary>
    public static OciRuntime Runc(string stateRoot) => new("runc", FindOnPath("runc") ?? "runc", stateRoot);

    /// <summary>
    /// crun from PATH, each call in a private mount namespace whose <c>/sys/fs/cgroup</c> is a pure cgroup2 view and with
    /// the cgroup manager disabled: crun refuses hybrid cgroup hosts otherwise, and cannot raise rlimits here (see
    /// machine-notes: no CAP_SYS_RESOURCE). Steps get no cgroup limits under crun.
    /// </summary>
    public static OciRuntime Crun(string stateRoot) => new(
        "crun",
        FindOnPath("unshare") ?? "unshare",
        stateRoot,
        ["-m", "/bin/sh", "-c", CrunWrapper, "crun", FindOnPath("crun") ?? "crun", "--cgroup-manager=disabled"]);

    /// <summary>The runtime called <paramref name="name"/> (<c>runc</c> or <c>crun</c>), or null for an unknown name.</summary>
    public static OciRuntime? Named(string name, string stateRoot) => name switch
    {
        "runc" => Runc(stateRoot),
        "crun" => Crun(stateRoot),
        _ => null,
    };

    /// <summary>Whether <paramref name="file"/> is on PATH (or in the sbin/bin directories).</summary>
    public static bool IsInstalled(string file) => FindOnPath(file) is not null;

    // unshare -m already makes every mount private in the new namespace; a cgroup2 mount stacked on the host's v1 tmpfs
    // is all crun needs to see (statfs says cgroup2). -n: no utab bookkeeping. Two execs fewer than umount + mount. The
    // host's /bin/sh by its path: no PATH search (a failed execve per PATH entry before it), no user shim in its place.
    private const string CrunWrapper = "mount -n -t cgroup2 none /sys/fs/cgroup && exec \"$@\"";

    public async Task<int> RunAsync(ContainerRequest request, string bundleDirectory, ContainerOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        Directory.CreateDirectory(bundleDirectory);
        Directory.CreateDirectory(stateRoot);
        var spec = SpecBuilder.Build(request);
        await File.WriteAllBytesAsync(
            Path.Combine(bundleDirectory, "config.json"),
            JsonSerializer.SerializeToUtf8Bytes(spec, RuntimeJsonContext.Default.RuntimeSpec),
            cancellationToken).ConfigureAwait(false);

        var id = request.Id ?? NewId();
        using var process = Start(["run", "--bundle", bundleDirectory, id], inheritStdio: request.Interactive);
        await WaitAsync(process, !request.Interactive, output, () => KillAsync(id, process), cancellationToken).ConfigureAwait(false);

        // runc and crun remove the container when `run` returns; a leftover (runtime crash) must not keep its state.
        // Both keep a container's state in <root>/<id>: when that is gone there is nothing to delete, and the
        // delete (a whole runtime start) is skipped.
        if (Path.Exists(Path.Combine(stateRoot, id)))
        {
            await RunQuietlyAsync(["delete", "--force", id]).ConfigureAwait(false);
        }

        return process.ExitCode;
    }

    /// <summary>A fresh container id.</summary>
    public static string NewId() => "kiln-" + Guid.NewGuid().ToString("N")[..16];

    public async Task<int> ExecAsync(string containerId, IReadOnlyList<string> args, IReadOnlyList<string> env, string cwd, uint uid, uint gid, ContainerOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(env);
        var arguments = new List<string> { "exec", "--user", string.Create(CultureInfo.InvariantCulture, $"{uid}:{gid}"), "--cwd", cwd };
        foreach (var entry in env)
        {
            arguments.Add("--env");
            arguments.Add(entry);
        }

        arguments.Add(containerId);
        arguments.AddRange(args);
        using var process = Start(arguments);
        await WaitAsync(process, pump: true, output, () => { process.Kill(entireProcessTree: true); return Task.CompletedTask; }, cancellationToken).ConfigureAwait(false);
        return process.ExitCode;
    }

    /// <summary>
    /// Waits for a runtime process, passing its output on when <paramref name="pump"/> (stdio not inherited); on
    /// cancellation runs <paramref name="kill"/> before rethrowing, and never returns before the output is drained.
    /// </summary>
    private static async Task WaitAsync(Process process, bool pump, ContainerOutput output, Func<Task> kill, CancellationToken cancellationToken)
    {
        var pumps = pump
            ? Task.WhenAll(PumpAsync(process.StandardOutput.BaseStream, 1, output), PumpAsync(process.StandardError.BaseStream, 2, output))
            : Task.CompletedTask;
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await kill().ConfigureAwait(false);
            throw;
        }
        finally
        {
            await pumps.ConfigureAwait(false);
        }
    }

    private async Task KillAsync(string id, Process process)
    {
        await RunQuietlyAsync(["kill", id, "KILL"]).ConfigureAwait(false);
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }

        await RunQuietlyAsync(["delete", "--force", id]).ConfigureAwait(false);
    }

    private async Task RunQuietlyAsync(IReadOnlyList<string> arguments)
    {
        using var process = Start(arguments);
        var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        await process.WaitForExitAsync().ConfigureAwait(false);
        await drain.ConfigureAwait(false);
    }

    private Process Start(IReadOnlyList<string> arguments, bool inheritStdio = false)
    {
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardInput = !inheritStdio,
            RedirectStandardOutput = !inheritStdio,
            RedirectStandardError = !inheritStdio,
            UseShellExecute = false,
        };
        foreach (var argument in (globalArguments ?? []).Concat(["--root", stateRoot]).Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            var process = Process.Start(start) ?? throw new ContainerRuntimeException($"{name} ({binary}) did not start");
            if (!inheritStdio)
            {
                process.StandardInput.Close();
            }

            return process;
        }
        catch (Win32Exception e)
        {
            throw new ContainerRuntimeException($"cannot start the OCI runtime {name} ({binary}): {e.Message}; install it (apt-get install {name})", e);
        }
    }

    private static async Task PumpAsync(Stream stream, int number, ContainerOutput output)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            output(number, buffer.AsMemory(0, read).ToArray());
        }
    }

    private static string? FindOnPath(string file)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(["/usr/sbin", "/usr/bin", "/sbin", "/bin"]))
        {
            var candidate = Path.Combine(directory, file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{name} ({binary})");
}
