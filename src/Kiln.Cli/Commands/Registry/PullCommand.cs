using System.CommandLine;
using Kiln.Oci;
using Kiln.Transports.Registry;

namespace Kiln.Cli.Commands.Registry;

/// <summary>
/// <c>kiln pull [--platform P] [-a] NAME[:TAG|@DIGEST]</c> (<c>docker pull</c>): pulls an image (one platform chosen from
/// an index, the host's by default) into the local store and tags it there; with <c>--all-tags</c> every tag of the
/// repository. Prints a line per blob and the manifest digest as docker does.
/// </summary>
internal sealed class PullCommand(ConsoleStreams console, StoreAccess storeAccess, RegistryAccess access)
{
    public Command Create()
    {
        var image = new Argument<string>("NAME[:TAG|@DIGEST]") { Description = "The image to pull" };
        var platform = new Option<string?>("--platform") { Description = "Platform to pull from a multi-platform image (os/arch[/variant]; default: this host's)" };
        var allTags = new Option<bool>("--all-tags", "-a") { Description = "Pull every tag of the repository" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the pulled reference" };
        var command = new Command("pull", "Pull an image from a registry into the local store") { image, platform, allTags, quiet };
        access.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var text = result.GetValue(image)!;
            if (!ImageReference.TryParse(text, out var reference))
            {
                await console.Error.WriteLineAsync($"kiln: pull: \"{text}\" is not a valid image reference").ConfigureAwait(false);
                return ExitCodes.Invalid;
            }

            if (result.GetValue(allTags) && (reference.Digest is not null || text.Contains(':', StringComparison.Ordinal) && text.LastIndexOf(':') > text.LastIndexOf('/')))
            {
                await console.Error.WriteLineAsync("kiln: pull: a tag or digest cannot be combined with --all-tags").ConfigureAwait(false);
                return ExitCodes.Invalid;
            }

            var options = new PullOptions
            {
                Platform = result.GetValue(platform) is { Length: > 0 } p ? Platform.Parse(p) : null,
                Progress = result.GetValue(quiet) ? null : new SynchronousProgress<BlobProgress>(Render),
            };
            try
            {
                var store = await storeAccess.OpenAsync(result, cancellationToken).ConfigureAwait(false);
                using var client = await access.CreateClientAsync(result, null, cancellationToken).ConfigureAwait(false);
                var puller = new RegistryPuller(client, store);
                var references = result.GetValue(allTags)
                    ? (await client.Repository(reference).Manifests.ListTagsAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Select(reference.WithTag).ToList()
                    : [reference];
                foreach (var target in references)
                {
                    if (!result.GetValue(quiet))
                    {
                        await console.Out.WriteLineAsync($"{target.Tag ?? target.Digest?.ToString()}: Pulling from {target.Repository}").ConfigureAwait(false);
                    }

                    var pulled = await puller.PullAsync(target, options, cancellationToken).ConfigureAwait(false);
                    if (!result.GetValue(quiet))
                    {
                        await console.Out.WriteLineAsync("Digest: " + pulled.Target.Digest).ConfigureAwait(false);
                        await console.Out.WriteLineAsync(pulled.Downloaded > 0
                            ? "Status: Downloaded newer image for " + target.FamiliarString
                            : "Status: Image is up to date for " + target.FamiliarString).ConfigureAwait(false);
                    }

                    await console.Out.WriteLineAsync(target.ToString()).ConfigureAwait(false);
                }

                return ExitCodes.Success;
            }
            catch (Exception e) when (RegistryErrors.IsReportable(e))
            {
                return RegistryErrors.Report(console, "pull", e);
            }
        });
        return command;
    }

    private void Render(BlobProgress progress)
    {
        var line = progress.State switch
        {
            BlobTransferState.Skipped => "Already exists",
            BlobTransferState.Done => "Pull complete",
            _ => null,
        };
        if (line is not null)
        {
            console.Out.WriteLine($"{progress.Digest.Short}: {line}");
        }
    }
}
