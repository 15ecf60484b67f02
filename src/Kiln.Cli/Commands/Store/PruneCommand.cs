using System.CommandLine;
using Kiln.Cli.Rendering;

namespace Kiln.Cli.Commands.Store;

/// <summary>
/// <c>kiln prune [-f]</c> (issue 3 "Commands", <c>docker image prune</c>): runs the store's garbage collection, which
/// removes every blob and snapshot no reference reaches, and prints what went and <c>Total reclaimed space: X</c>.
/// Asks for confirmation only when stdin is a terminal and <c>-f</c> is not given. <c>--all</c> is accepted for
/// Docker compatibility; tagged images are never pruned.
/// </summary>
internal sealed class PruneCommand(ConsoleStreams console, StoreAccess store)
{
    public Command Create()
    {
        var force = new Option<bool>("--force", "-f") { Description = "Do not prompt for confirmation" };
        var all = new Option<bool>("--all", "-a") { Description = "Accepted for compatibility (tagged images are always kept)" };
        var command = new Command("prune", "Remove blobs and snapshots that no image references") { force, all };
        command.SetAction(async (result, cancellationToken) =>
        {
            var interactive = ReferenceEquals(console.In, Console.In) && !Console.IsInputRedirected;
            if (interactive && !result.GetValue(force))
            {
                await console.Out.WriteAsync(
                    "WARNING! This will remove all blobs and unpacked layers that no tagged image uses.\nAre you sure you want to continue? [y/N] ").ConfigureAwait(false);
                var answer = (await console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false))?.Trim();
                if (!string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) && !string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase))
                {
                    return ExitCodes.Success;
                }
            }

            var local = await store.OpenAsync(result, cancellationToken).ConfigureAwait(false);
            var pruned = await local.PruneAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var output = console.Out;
            if (pruned.RemovedBlobs.Count > 0)
            {
                await output.WriteLineAsync("Deleted blobs:").ConfigureAwait(false);
                foreach (var blob in pruned.RemovedBlobs.Select(d => d.ToString()).Order(StringComparer.Ordinal))
                {
                    await output.WriteLineAsync("deleted: " + blob).ConfigureAwait(false);
                }

                await output.WriteLineAsync().ConfigureAwait(false);
            }

            if (pruned.RemovedSnapshots.Count > 0)
            {
                await output.WriteLineAsync("Deleted snapshots:").ConfigureAwait(false);
                foreach (var snapshot in pruned.RemovedSnapshots.Select(d => d.ToString()).Order(StringComparer.Ordinal))
                {
                    await output.WriteLineAsync("deleted: " + snapshot).ConfigureAwait(false);
                }

                await output.WriteLineAsync().ConfigureAwait(false);
            }

            await output.WriteLineAsync("Total reclaimed space: " + StoreFormat.HumanSize(pruned.BytesFreed, 4)).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
