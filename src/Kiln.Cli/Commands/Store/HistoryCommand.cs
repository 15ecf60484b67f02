using System.CommandLine;
using Kiln.Cli.Rendering;
using Kiln.Storage;
using Kiln.Storage.Errors;
using Kiln.Storage.Images;

namespace Kiln.Cli.Commands.Store;

/// <summary>
/// <c>kiln history IMAGE</c> (issue 3 "Commands", <c>docker history</c>): the config's history newest first. The top entry
/// shows the image ID, the others <c>&lt;missing&gt;</c> (they have no image of their own); each layer-producing entry
/// shows its layer's uncompressed size, <c>empty_layer</c> entries <c>0B</c>. A config without history gets one row per layer.
/// Options: <c>--no-trunc</c>, <c>-q</c>, <c>-H/--human=false</c>.
/// </summary>
internal sealed class HistoryCommand(ConsoleStreams console, StoreAccess store, TimeProvider time)
{
    public Command Create()
    {
        var image = new Argument<string>("IMAGE") { Description = "The image (name, ID or digest)" };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Don't truncate output" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only show image IDs" };
        var human = new Option<bool>("--human", "-H") { Description = "Print sizes and dates in human readable format", DefaultValueFactory = _ => true };
        var command = new Command("history", "Show the history of an image") { image, noTrunc, quiet, human };
        command.SetAction(async (result, cancellationToken) =>
        {
            var name = result.GetValue(image)!;
            if (ImageErrors.ReportInvalid(console, name) is { } invalid)
            {
                return invalid;
            }

            var local = await store.OpenAsync(result, cancellationToken).ConfigureAwait(false);
            StoredImage stored;
            try
            {
                stored = await local.GetImageAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (StoreException e) when (ImageErrors.IsLookupFailure(e))
            {
                return ImageErrors.Report(console, name, e);
            }

            var rows = await RowsAsync(local, stored, cancellationToken).ConfigureAwait(false);
            var text = result.GetValue(quiet)
                ? ImageHistoryRenderer.Quiet(rows, result.GetValue(noTrunc))
                : ImageHistoryRenderer.Table(rows, result.GetValue(noTrunc), result.GetValue(human), time.GetUtcNow());
            await console.Out.WriteAsync(text).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The rows newest first: history entries matched to layers bottom up, the image ID on the top one.</summary>
    private static async Task<IReadOnlyList<ImageHistoryRow>> RowsAsync(LocalStore local, StoredImage image, CancellationToken cancellationToken)
    {
        var sizes = await ImageSizes.PerLayerAsync(local, image, cancellationToken).ConfigureAwait(false);
        var config = image.Config.Value;
        var rows = new List<ImageHistoryRow>();
        if (config.History is { Count: > 0 } history)
        {
            var layer = 0;
            foreach (var entry in history)
            {
                long size = 0;
                if (!entry.EmptyLayer)
                {
                    // More non-empty entries than layers happens with hand-made configs; the extra ones have no layer to measure.
                    size = layer < sizes.Count ? sizes[layer] : 0;
                    layer++;
                }

                rows.Add(new ImageHistoryRow(null, entry.Created, entry.CreatedBy ?? string.Empty, size, entry.Comment ?? string.Empty));
            }
        }
        else
        {
            rows.AddRange(sizes.Select(size => new ImageHistoryRow(null, config.Created, string.Empty, size, string.Empty)));
        }

        rows.Reverse();
        if (rows.Count > 0)
        {
            rows[0] = rows[0] with { Id = image.ImageId };
        }

        return rows;
    }
}
