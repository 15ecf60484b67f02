using System.CommandLine;
using Kiln.Build.Debugging;
using Kiln.Build.Snapshots;
using Kiln.Linux;
using Kiln.Runtime;

namespace Kiln.Cli.Commands;

/// <summary>
/// <c>kiln debug ID [COMMAND...]</c>: a shell (or COMMAND) in the filesystem of a RUN step that failed in a build run with
/// <c>--on-failure=keep</c> (<see cref="FailedStepShell"/>), attached to this terminal; <c>kiln debug --remove ID</c>
/// deletes the kept step. The exit code is the shell's.
/// </summary>
internal sealed class DebugCommand(ConsoleStreams console, StoreAccess storeAccess)
{
    public Command Create()
    {
        var id = new Argument<string>("ID") { Description = "The kept step's id, as the failed build printed it" };
        var commandArgs = new Argument<string[]>("COMMAND") { Description = "Command to run instead of /bin/sh", Arity = ArgumentArity.ZeroOrMore };
        var remove = new Option<bool>("--remove") { Description = "Delete the kept step instead of opening it" };
        var runtime = new Option<string?>("--runtime") { Description = "OCI runtime: runc or crun (default: $KILN_RUNTIME, else the fastest installed)" };
        var command = new Command("debug", "Open a shell in the filesystem of a failed RUN kept with --on-failure=keep") { id, commandArgs, remove, runtime };
        command.SetAction(async (result, cancellationToken) =>
        {
            var root = storeAccess.Resolve(result);
            if (result.GetValue(remove))
            {
                if (new FailedStepStore(root).Remove(result.GetValue(id)!))
                {
                    return ExitCodes.Success;
                }

                await console.Error.WriteLineAsync($"kiln debug: no kept step {result.GetValue(id)}").ConfigureAwait(false);
                return ExitCodes.Findings;
            }

            try
            {
                var factory = RuntimeSelector.Select(result.GetValue(runtime) ?? Environment.GetEnvironmentVariable("KILN_RUNTIME"));
                var store = await storeAccess.OpenAsync(result, cancellationToken).ConfigureAwait(false);
                using var workspace = BuildWorkspace.Create(store.BuildDirectory, new LinuxMounts());
                var snapshotter = SnapshotterSelector.Select(Environment.GetEnvironmentVariable("KILN_SNAPSHOTTER"), workspace, new LinuxMounts());
                var shell = new FailedStepShell(store.Root, factory(Path.Combine(workspace.Root, "runc")), workspace, snapshotter);
                var terminal = !Console.IsInputRedirected && !Console.IsOutputRedirected;
                return await shell.OpenAsync(result.GetValue(id)!, result.GetValue(commandArgs) ?? [], terminal, cancellationToken).ConfigureAwait(false);
            }
            catch (ContainerRuntimeException e)
            {
                await console.Error.WriteLineAsync("kiln debug: " + e.Message).ConfigureAwait(false);
                return 125;
            }
        });
        return command;
    }
}
