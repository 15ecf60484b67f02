using System.CommandLine;
using Kiln.Cli.Rendering;
using Kiln.Oci;
using Kiln.Storage.Errors;
using Kiln.Storage.Snapshots;

namespace Kiln.Cli.Commands.Store;

/// <summary>
/// <c>kiln system df</c> (issue 3 "Commands", <c>docker system df</c>): disk usage of the store and its build cache as the table of
/// <see cref="StoreUsageRenderer"/>; a snapshot is active when a tagged image's layer chain uses it (prune keeps those).
/// </summary>
internal sealed class SystemDfCommand(ConsoleStreams console, StoreAccess store)
{
    public Command Create()
    {
        var command = new Command("df", "Show disk usage of the local store");
        command.SetAction(async (result, cancellationToken) =>
        {
            var local = await store.OpenAsync(result, cancellationToken).ConfigureAwait(false);
            var usage = await local.DiskUsageAsync(cancellationToken).ConfigureAwait(false);

            // The snapshots the tagged images use are the ones prune keeps.
            var used = new HashSet<Digest>();
            foreach (var summary in await local.ListImagesAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    var image = await local.GetImageAsync(summary.Reference.ToString(), cancellationToken: cancellationToken).ConfigureAwait(false);
                    used.UnionWith(ChainId.Compute(image.DiffIds));
                }
                catch (StoreException)
                {
                    // No manifest for this host or a damaged image: its snapshots count as reclaimable, as for prune.
                }
            }

            var snapshots = local.Snapshots.List();
            var reclaimable = snapshots.Where(s => !used.Contains(s)).Sum(local.MeasureSnapshot);
            var cache = await StoreAccess.OpenCache(local.Root).UsageAsync(cancellationToken).ConfigureAwait(false);
            await console.Out.WriteAsync(StoreUsageRenderer.Table(usage, cache, new Build.Operations.Run.CacheMountStore(local.Root).Usage(), snapshots.Count(used.Contains), reclaimable)).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
