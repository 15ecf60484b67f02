using Kiln.Build.Operations.Run;
using Kiln.Build.Snapshots;
using Kiln.Runtime;

namespace Kiln.Build.Debugging;

/// <summary>
/// <c>kiln debug ID</c>: reopens a failed RUN kept by <c>--on-failure=keep</c>. The step's layers with what it wrote on
/// top are stacked read-only under a fresh upper dir (so the kept state stays as it failed), and a shell (or the given
/// command) runs there with the step's environment, user and working directory, attached to the caller's terminal.
/// </summary>
public sealed class FailedStepShell(string storeRoot, IContainerRuntime runtime, BuildWorkspace workspace, ISnapshotter snapshotter)
{
    public async Task<int> OpenAsync(string id, IReadOnlyList<string> command, bool terminal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (step, upper) = new FailedStepStore(storeRoot).Find(id)
            ?? throw new ContainerRuntimeException($"no kept step {id}: builds keep one with --on-failure=keep, and print its id");
        if (step.Lowers.FirstOrDefault(l => !Directory.Exists(l)) is { } missing)
        {
            throw new ContainerRuntimeException($"kept step {id} cannot be reopened: its layer {missing} was pruned since");
        }

        using var active = snapshotter.Prepare([.. step.Lowers, upper]);
        var directory = workspace.NewDirectory("debug");
        return await runtime.RunAsync(
            new ContainerRequest
            {
                RootFs = active.MountPath,
                Args = command.Count > 0 ? command : ["/bin/sh"],
                Env = step.Env,
                Cwd = step.WorkingDirectory,
                Uid = step.Uid,
                Gid = step.Gid,
                AdditionalGids = step.AdditionalGids,
                Network = step.NoNetwork ? ContainerNetwork.None : ContainerNetwork.Host,
                Mounts = SandboxFiles.Write(directory),
                Interactive = true,
                Terminal = terminal,
            },
            Path.Combine(directory, "bundle"),
            (_, _) => { },
            cancellationToken).ConfigureAwait(false);
    }
}
