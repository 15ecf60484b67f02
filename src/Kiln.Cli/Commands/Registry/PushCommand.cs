using System.CommandLine;
using Kiln.Oci;
using Kiln.Storage.Errors;
using Kiln.Transports.Registry;

namespace Kiln.Cli.Commands.Registry;

/// <summary>
/// <c>kiln push [-a] NAME[:TAG]</c> (<c>docker push</c>): pushes a local image (or index with all its manifests) to the
/// registry its name points at; with <c>--all-tags</c> every local tag of the repository. Prints a line per blob and
/// <c>TAG: digest: sha256:… size: N</c> per pushed tag, as docker does.
/// </summary>
internal sealed class PushCommand(ConsoleStreams console, StoreAccess storeAccess, RegistryAccess access)
{
    public Command Create()
    {
        var image = new Argument<string>("NAME[:TAG]") { Description = "The local image to push (its name says where)" };
        var allTags = new Option<bool>("--all-tags", "-a") { Description = "Push every local tag of the repository" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the digest lines" };
        var command = new Command("push", "Push an image from the local store to a registry") { image, allTags, quiet };
        access.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var text = result.GetValue(image)!;
            if (!ImageReference.TryParse(text, out var reference) || reference.Digest is not null)
            {
                await console.Error.WriteLineAsync($"kiln: push: \"{text}\" is not a valid image name[:tag]").ConfigureAwait(false);
                return ExitCodes.Invalid;
            }

            var options = new PushOptions { Progress = result.GetValue(quiet) ? null : new SynchronousProgress<BlobProgress>(Render) };
            try
            {
                var store = await storeAccess.OpenAsync(result, cancellationToken).ConfigureAwait(false);
                var references = new List<ImageReference> { reference };
                if (result.GetValue(allTags))
                {
                    references = (await store.ListImagesAsync(cancellationToken).ConfigureAwait(false))
                        .Select(i => i.Reference)
                        .Where(r => r.Name == reference.Name && r.Tag is not null && r.Digest is null)
                        .ToList();
                    if (references.Count == 0)
                    {
                        throw new ImageNotFoundException(reference.Name);
                    }
                }

                using var client = await access.CreateClientAsync(result, null, cancellationToken).ConfigureAwait(false);
                var pusher = new RegistryPusher(client, store);
                if (!result.GetValue(quiet))
                {
                    await console.Out.WriteLineAsync($"The push refers to repository [{reference.Name}]").ConfigureAwait(false);
                }

                foreach (var target in references)
                {
                    var pushed = await pusher.PushAsync(target.ToString(), target, options, cancellationToken).ConfigureAwait(false);
                    await console.Out.WriteLineAsync($"{target.Tag}: digest: {pushed.Target.Digest} size: {pushed.Target.Size}").ConfigureAwait(false);
                }

                return ExitCodes.Success;
            }
            catch (ImageNotFoundException)
            {
                await console.Error.WriteLineAsync($"kiln: push: An image does not exist locally with the tag: {reference.FamiliarName}{(result.GetValue(allTags) ? string.Empty : ":" + reference.Tag)}").ConfigureAwait(false);
                return ExitCodes.Findings;
            }
            catch (Exception e) when (RegistryErrors.IsReportable(e))
            {
                return RegistryErrors.Report(console, "push", e);
            }
        });
        return command;
    }

    private void Render(BlobProgress progress)
    {
        var line = progress.State switch
        {
            BlobTransferState.Skipped => "Layer already exists",
            BlobTransferState.Mounted => "Mounted from another repository",
            BlobTransferState.Done => "Pushed",
            _ => null,
        };
        if (line is not null)
        {
            console.Out.WriteLine($"{progress.Digest.Short}: {line}");
        }
    }
}
