using System.CommandLine;
using Kiln.Cli.Rendering;
using Kiln.Oci;
using Kiln.Storage;
using Kiln.Storage.Errors;
using Kiln.Storage.Images;

namespace Kiln.Cli.Commands.Store;

/// <summary>
/// <c>kiln images [REPOSITORY[:TAG]]</c> (alias <c>ls</c>), issue 3 "Commands": lists the tagged images like
/// <c>docker images</c>, newest first, with <c>--digests</c>, <c>--no-trunc</c>, <c>-q</c> and <c>--format json</c>. The
/// optional filter is matched against the familiar repository name or <c>name:tag</c>, with <c>*</c> and <c>?</c> wildcards.
/// </summary>
internal sealed class ImagesCommand(ConsoleStreams console, StoreAccess store, TimeProvider time)
{
    public Command Create()
    {
        var filter = new Argument<string?>("REPOSITORY[:TAG]") { Description = "Show only images matching this name (wildcards * and ?)", Arity = ArgumentArity.ZeroOrOne };
        var digests = new Option<bool>("--digests") { Description = "Show digests" };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Don't truncate output" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only show image IDs" };
        var format = new Option<string>("--format") { Description = "Output format: table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("images", "List images") { filter, digests, noTrunc, quiet, format };
        command.Aliases.Add("ls");
        command.SetAction(async (result, cancellationToken) =>
        {
            var local = await store.OpenAsync(result, cancellationToken).ConfigureAwait(false);
            var pattern = result.GetValue(filter);
            var rows = new List<ImageListRow>();
            foreach (var summary in await local.ListImagesAsync(cancellationToken).ConfigureAwait(false))
            {
                if (pattern is null || Matches(pattern, summary.Reference))
                {
                    rows.Add(await ToRowAsync(local, summary, cancellationToken).ConfigureAwait(false));
                }
            }

            rows = rows
                .OrderByDescending(r => r.Created ?? DateTimeOffset.MinValue)
                .ThenBy(r => r.Reference.FamiliarString, StringComparer.Ordinal)
                .ToList();
            var trunc = result.GetValue(noTrunc);
            var text = result.GetValue(quiet) ? ImageListRenderer.Quiet(rows, trunc)
                : result.GetValue(format) == "json" ? ImageListRenderer.Json(rows, trunc, time.GetUtcNow())
                : ImageListRenderer.Table(rows, result.GetValue(digests), trunc, time.GetUtcNow());
            await console.Out.WriteAsync(text).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<ImageListRow> ToRowAsync(LocalStore local, ImageSummary summary, CancellationToken cancellationToken)
    {
        try
        {
            var image = await local.GetImageAsync(new ResolvedImage(summary.Target, [summary.Reference]), cancellationToken: cancellationToken).ConfigureAwait(false);
            var size = await ImageSizes.TotalAsync(local, image, cancellationToken).ConfigureAwait(false);
            return new ImageListRow(summary.Reference, summary.ManifestDigest, image.ImageId, image.Config.Value.Created, size);
        }
        catch (StoreException)
        {
            // An index without a manifest for this host, or a damaged image: still listed, with what the summary knows.
            return new ImageListRow(summary.Reference, summary.ManifestDigest, summary.ImageId ?? summary.ManifestDigest, summary.Created, summary.Size);
        }
    }

    private static bool Matches(string pattern, ImageReference reference) =>
        Glob(pattern, reference.FamiliarName) || Glob(pattern, reference.FamiliarString)
        || Glob(pattern, reference.Name) || Glob(pattern, reference.ToString());

    /// <summary>Shell-style match as Go's <c>path.Match</c>: <c>*</c> is any run of characters but <c>/</c>, <c>?</c> one such character.</summary>
    private static bool Glob(string pattern, string text)
    {
        if (pattern.Length == 0)
        {
            return text.Length == 0;
        }

        return pattern[0] switch
        {
            '*' => Glob(pattern[1..], text) || (text.Length > 0 && text[0] != '/' && Glob(pattern, text[1..])),
            '?' => text.Length > 0 && text[0] != '/' && Glob(pattern[1..], text[1..]),
            _ => text.Length > 0 && text[0] == pattern[0] && Glob(pattern[1..], text[1..]),
        };
    }
}
