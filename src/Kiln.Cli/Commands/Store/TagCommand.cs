using System.CommandLine;
using Kiln.Oci;
using Kiln.Storage.Errors;

namespace Kiln.Cli.Commands.Store;

/// <summary>
/// <c>kiln tag SOURCE TARGET</c> (issue 3 "Commands", <c>docker tag</c>): points the reference TARGET at the image SOURCE
/// names (a reference, image ID or digest). Prints nothing on success.
/// </summary>
internal sealed class TagCommand(ConsoleStreams console, StoreAccess store)
{
    public Command Create()
    {
        var source = new Argument<string>("SOURCE_IMAGE[:TAG]") { Description = "The image to tag (name, ID or digest)" };
        var target = new Argument<string>("TARGET_IMAGE[:TAG]") { Description = "The new reference" };
        var command = new Command("tag", "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE") { source, target };
        command.SetAction(async (result, cancellationToken) =>
        {
            var from = result.GetValue(source)!;
            var to = result.GetValue(target)!;
            if (ImageErrors.ReportInvalid(console, from) is { } invalidSource)
            {
                return invalidSource;
            }

            ImageReference reference;
            try
            {
                reference = ImageReference.Parse(to);
            }
            catch (InvalidReferenceException e)
            {
                return ImageErrors.Write(console, $"Error parsing reference: \"{to}\" is not a valid repository/tag: {e.Message}", ExitCodes.Invalid);
            }

            if (reference.Digest is not null)
            {
                return ImageErrors.Write(console, "Error response from daemon: refusing to create a tag with a digest reference", ExitCodes.Invalid);
            }

            var local = await store.OpenAsync(result, cancellationToken).ConfigureAwait(false);
            try
            {
                var resolved = await local.ResolveAsync(from, cancellationToken).ConfigureAwait(false);
                await local.TagAsync(reference, resolved.Target, cancellationToken).ConfigureAwait(false);
                return ExitCodes.Success;
            }
            catch (StoreException e) when (ImageErrors.IsLookupFailure(e))
            {
                return ImageErrors.Report(console, from, e);
            }
        });
        return command;
    }
}
