using System.CommandLine;
using Kiln.Oci;
using Kiln.Storage;
using Kiln.Storage.Errors;
using Kiln.Storage.Images;

namespace Kiln.Cli.Commands.Store;

/// <summary>
/// <c>kiln rmi [-f] IMAGE...</c> (issue 3 "Commands", <c>docker rmi</c>): removes references. A name removes that tag; an
/// image ID or digest removes every tag of the image, but only with <c>-f</c> when the tags span several repositories.
/// Prints <c>Untagged: NAME</c> per reference and <c>Deleted: ID</c> once no reference is left; the blobs stay until
/// <c>kiln prune</c>. Each argument is handled on its own; the exit code is the worst of them.
/// </summary>
internal sealed class RmiCommand(ConsoleStreams console, StoreAccess store)
{
    public Command Create()
    {
        var images = new Argument<string[]>("IMAGE") { Description = "Images to remove (name, ID or digest)", Arity = ArgumentArity.OneOrMore };
        var force = new Option<bool>("--force", "-f") { Description = "Remove every tag of an image given by ID, even across repositories" };
        var command = new Command("rmi", "Remove one or more images") { images, force };
        command.SetAction(async (result, cancellationToken) =>
        {
            var local = await store.OpenAsync(result, cancellationToken).ConfigureAwait(false);
            var exit = ExitCodes.Success;
            foreach (var name in result.GetValue(images)!)
            {
                var code = await RemoveAsync(local, name, result.GetValue(force), cancellationToken).ConfigureAwait(false);
                exit = Math.Max(exit, code);
            }

            return exit;
        });
        return command;
    }

    private async Task<int> RemoveAsync(LocalStore local, string name, bool force, CancellationToken cancellationToken)
    {
        if (ImageErrors.ReportInvalid(console, name) is { } invalid)
        {
            return invalid;
        }

        ResolvedImage resolved;
        try
        {
            resolved = await local.ResolveAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreException e) when (ImageErrors.IsLookupFailure(e))
        {
            return ImageErrors.Report(console, name, e);
        }

        var id = await ImageIdAsync(local, resolved, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<ImageReference> doomed;
        if (ImageReference.TryParse(name, out var reference) && resolved.References.Contains(reference))
        {
            doomed = [reference];
        }
        else
        {
            if (!force && resolved.References.Select(r => r.Name).Distinct(StringComparer.Ordinal).Count() > 1)
            {
                return ImageErrors.Write(
                    console,
                    $"Error response from daemon: conflict: unable to delete {id.Short} (must be forced) - image is referenced in multiple repositories",
                    ExitCodes.Findings);
            }

            doomed = resolved.References;
        }

        foreach (var tag in doomed)
        {
            if (await local.UntagAsync(tag, cancellationToken).ConfigureAwait(false))
            {
                await console.Out.WriteLineAsync("Untagged: " + tag.FamiliarString).ConfigureAwait(false);
            }
        }

        if (doomed.Count == resolved.References.Count)
        {
            await console.Out.WriteLineAsync("Deleted: " + id).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    /// <summary>The image ID (config digest), or the manifest/index digest when no manifest for this host is present.</summary>
    private static async Task<Digest> ImageIdAsync(LocalStore local, ResolvedImage resolved, CancellationToken cancellationToken)
    {
        try
        {
            return (await local.GetImageAsync(resolved, cancellationToken: cancellationToken).ConfigureAwait(false)).ImageId;
        }
        catch (StoreException)
        {
            return resolved.Target.Digest;
        }
    }
}
