using System.CommandLine;
using Kiln.Cli.Rendering;

namespace Kiln.Cli.Commands.Store;

/// <summary>
/// <c>kiln prune [-f] [--cache [--keep-storage SIZE]]</c> (<c>docker image prune</c>, <c>docker builder prune</c>): runs
/// the store's garbage collection, which removes every blob and snapshot that neither a reference nor a build cache
/// record reaches, and prints what went and <c>Total reclaimed space: X</c>. With <c>--cache</c> it first deletes build
/// cache records, least recently used first: all of them, or with <c>--keep-storage</c> until the layers only the cache
/// holds fit in SIZE; the collection then frees what those records alone kept. Asks for confirmation only when stdin is a
/// terminal and <c>-f</c> is not given. <c>--all</c> is accepted for Docker compatibility; tagged images are never pruned.
/// </summary>
internal sealed class PruneCommand(ConsoleStreams console, StoreAccess store)
{
    public Command Create()
    {
        var force = new Option<bool>("--force", "-f") { Description = "Do not prompt for confirmation" };
        var all = new Option<bool>("--all", "-a") { Description = "Accepted for compatibility (tagged images are always kept)" };
        var cache = new Option<bool>("--cache") { Description = "Also remove build cache records (least recently used first)" };
        var keepStorage = new Option<string?>("--keep-storage") { Description = "With --cache: keep this much cache, e.g. 512MB or 10GB" };
        var command = new Command("prune", "Remove blobs and snapshots that no image or cache record references") { force, all, cache, keepStorage };
        command.SetAction(async (result, cancellationToken) =>
        {
            long? keepBytes = null;
            if (result.GetValue(keepStorage) is { } keepText)
            {
                if (!result.GetValue(cache))
                {
                    await console.Error.WriteLineAsync("kiln prune: --keep-storage applies to the build cache; add --cache").ConfigureAwait(false);
                    return ExitCodes.Invalid;
                }

                if (!StorageSize.TryParse(keepText, out var parsed, out var error))
                {
                    await console.Error.WriteLineAsync("kiln prune: --keep-storage: " + error).ConfigureAwait(false);
                    return ExitCodes.Invalid;
                }

                keepBytes = parsed;
            }

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
            var output = console.Out;
            long cacheFreed = 0;
            if (result.GetValue(cache))
            {
                var cachePruned = await StoreAccess.OpenCache(local.Root).PruneAsync(keepBytes, null, cancellationToken).ConfigureAwait(false);
                cacheFreed = cachePruned.MetadataBytesFreed;
                if (keepBytes is null)
                {
                    var mounts = new Build.Operations.Run.CacheMountStore(local.Root).Prune();
                    cacheFreed += mounts.Bytes;
                    if (mounts.Count > 0)
                    {
                        await output.WriteLineAsync($"Deleted {mounts.Count} cache mount(s)").ConfigureAwait(false);
                    }
                }
                if (cachePruned.Removed.Count > 0)
                {
                    await output.WriteLineAsync("Deleted build cache records:").ConfigureAwait(false);
                    foreach (var record in cachePruned.Removed.OrderBy(r => r.Key.ToString(), StringComparer.Ordinal))
                    {
                        await output.WriteLineAsync("deleted: " + record.Key + " " + record.Description).ConfigureAwait(false);
                    }

                    await output.WriteLineAsync().ConfigureAwait(false);
                }
            }

            var pruned = await local.PruneAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
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

            await output.WriteLineAsync("Total reclaimed space: " + StoreFormat.HumanSize(pruned.BytesFreed + cacheFreed, 4)).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
