using System.CommandLine;
using Kiln.Build.Containers;
using Kiln.Build.Snapshots;
using Kiln.Cli.Commands.Store;
using Kiln.Linux;
using Kiln.Runtime;
using Kiln.Storage.Errors;

namespace Kiln.Cli.Commands;

/// <summary>
/// <c>kiln run [--rm] [-e K=V] [-v SRC:DST[:ro]] [-u USER] [-w DIR] [--entrypoint E] [--network host|none] [--health] IMAGE [CMD...]</c>:
/// runs an image from the local store in the foreground with its config, so an image can be tried without Docker
/// (<see cref="ImageRunner"/>). The container's filesystem is always thrown away (<c>--rm</c> is accepted for docker's
/// muscle memory); the exit code is the command's. With <c>--health</c> it prints <c>healthy</c> or <c>unhealthy</c>.
/// </summary>
internal sealed class RunCommand(ConsoleStreams console, StoreAccess storeAccess)
{
    private static readonly HashSet<string> ValueOptions = ["-e", "--env", "-v", "--volume", "-u", "--user", "-w", "--workdir", "--entrypoint", "--network", "--root", "--runtime"];

    public Command Create()
    {
        var image = new Argument<string>("IMAGE") { Description = "The image (name[:tag], digest or ID)" };
        var commandArgs = new Argument<string[]>("COMMAND") { Description = "Command and arguments (replace the image's CMD)", Arity = ArgumentArity.ZeroOrMore };
        var remove = new Option<bool>("--rm") { Description = "Accepted for compatibility: the container is always removed" };
        var env = new Option<string[]>("--env", "-e") { Description = "Set an environment variable (NAME=VALUE, or NAME to pass it through)", AllowMultipleArgumentsPerToken = false };
        var volume = new Option<string[]>("--volume", "-v") { Description = "Bind mount a host path: SRC:DST[:ro]" };
        var user = new Option<string?>("--user", "-u") { Description = "User (name or uid[:gid]) instead of the image's" };
        var workdir = new Option<string?>("--workdir", "-w") { Description = "Working directory instead of the image's" };
        var entrypoint = new Option<string?>("--entrypoint") { Description = "Entrypoint instead of the image's (\"\" clears it)" };
        var network = new Option<string>("--network") { Description = "host (default; the build machine's network) or none", DefaultValueFactory = _ => "host" };
        var health = new Option<bool>("--health") { Description = "Run the image's HEALTHCHECK and report healthy or unhealthy" };
        var runtime = new Option<string?>("--runtime") { Description = "OCI runtime: runc or crun (default: $KILN_RUNTIME, else the fastest installed)" };
        var command = new Command("run", "Run a command in a new container from an image")
        {
            image, commandArgs, remove, env, volume, user, workdir, entrypoint, network, health, runtime,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var networkValue = result.GetValue(network);
            ContainerNetwork? mode = networkValue switch { "host" or "default" or "bridge" => ContainerNetwork.Host, "none" => ContainerNetwork.None, _ => null };
            if (mode is null)
            {
                await console.Error.WriteLineAsync($"kiln run: --network {networkValue}: use host or none").ConfigureAwait(false);
                return ExitCodes.Invalid;
            }

            Func<string, IContainerRuntime> runtimeFactory;
            try
            {
                runtimeFactory = RuntimeSelector.Select(result.GetValue(runtime) ?? Environment.GetEnvironmentVariable("KILN_RUNTIME"));
            }
            catch (ContainerRuntimeException e)
            {
                await console.Error.WriteLineAsync("kiln run: " + e.Message).ConfigureAwait(false);
                return 125;
            }

            var store = await storeAccess.OpenAsync(result, cancellationToken).ConfigureAwait(false);
            using var workspace = BuildWorkspace.Create(store.BuildDirectory, new LinuxMounts());
            var snapshotter = SnapshotterSelector.Select(Environment.GetEnvironmentVariable("KILN_SNAPSHOTTER"), workspace, new LinuxMounts());
            var runner = new ImageRunner(store, runtimeFactory(Path.Combine(workspace.Root, "runc")), workspace, snapshotter);
            await using var stdout = Console.OpenStandardOutput();
            await using var stderr = Console.OpenStandardError();
            var gate = new Lock();
            try
            {
                var outcome = await runner.RunAsync(
                    new ImageRunRequest
                    {
                        Image = result.GetValue(image)!,
                        Command = result.GetValue(commandArgs) ?? [],
                        Entrypoint = result.GetValue(entrypoint),
                        Env = result.GetValue(env) ?? [],
                        Volumes = result.GetValue(volume) ?? [],
                        User = result.GetValue(user),
                        WorkingDirectory = result.GetValue(workdir),
                        Network = mode.Value,
                        Health = result.GetValue(health),
                    },
                    (stream, data) =>
                    {
                        lock (gate)
                        {
                            (stream == 2 ? stderr : stdout).Write(data.Span);
                            (stream == 2 ? stderr : stdout).Flush();
                        }
                    },
                    cancellationToken).ConfigureAwait(false);
                if (outcome.Health is { } state)
                {
                    await console.Out.WriteLineAsync(state).ConfigureAwait(false);
                }

                return outcome.ExitCode;
            }
            catch (Exception e) when (e is ImageRunException or ContainerRuntimeException || ImageErrors.IsLookupFailure(e) || e is StoreException)
            {
                await console.Error.WriteLineAsync("kiln run: " + e.Message).ConfigureAwait(false);
                return 125;
            }
        });
        return command;
    }

    /// <summary>
    /// Puts <c>--</c> after the first argument (the image, or the kept step) of a <c>run</c> or <c>debug</c> command line, so
    /// everything after it is the container's command even when it looks like an option (<c>kiln run img sh -c "…"</c>),
    /// as in docker run.
    /// </summary>
    public static string[] SeparateCommand(string[] args, params string[] commands)
    {
        var run = 0;
        while (run < args.Length && args[run].StartsWith('-'))
        {
            run += args[run] == "--root" ? 2 : 1;
        }

        if (run >= args.Length || !commands.Contains(args[run]) || args.Contains("--"))
        {
            return args;
        }

        for (var i = run + 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (ValueOptions.Contains(arg))
            {
                i++;
                continue;
            }

            if (!arg.StartsWith('-'))
            {
                return i + 1 < args.Length ? [.. args[..(i + 1)], "--", .. args[(i + 1)..]] : args;
            }
        }

        return args;
    }
}
