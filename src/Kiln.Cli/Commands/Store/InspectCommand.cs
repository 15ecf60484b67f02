using System.CommandLine;
using Kiln.Cli.Rendering;
using Kiln.Storage.Errors;

namespace Kiln.Cli.Commands.Store;

/// <summary>
/// <c>kiln inspect IMAGE...</c> (issue 3 "Commands", <c>docker image inspect</c>): a JSON array with one object per image
/// found (fields: <see cref="ImageInspectRenderer"/>); each name that finds nothing is reported on stderr
/// (<c>Error: No such image: NAME</c>) and makes the exit code 1, the others are still printed.
/// </summary>
internal sealed class InspectCommand(ConsoleStreams console, StoreAccess store)
{
    public Command Create()
    {
        var images = new Argument<string[]>("IMAGE") { Description = "Images to inspect (name, ID or digest)", Arity = ArgumentArity.OneOrMore };
        var command = new Command("inspect", "Display detailed information on one or more images") { images };
        command.SetAction(async (result, cancellationToken) =>
        {
            var names = result.GetValue(images)!;
            var exit = ExitCodes.Success;
            foreach (var name in names)
            {
                if (ImageErrors.ReportInvalid(console, name) is { } invalid)
                {
                    exit = Math.Max(exit, invalid);
                }
            }

            if (exit != ExitCodes.Success)
            {
                return exit;
            }

            var local = await store.OpenAsync(result, cancellationToken).ConfigureAwait(false);
            var entries = new List<ImageInspectEntry>();
            foreach (var name in names)
            {
                try
                {
                    var resolved = await local.ResolveAsync(name, cancellationToken).ConfigureAwait(false);
                    var image = await local.GetImageAsync(resolved, cancellationToken: cancellationToken).ConfigureAwait(false);
                    var size = await ImageSizes.TotalAsync(local, image, cancellationToken).ConfigureAwait(false);
                    entries.Add(new ImageInspectEntry(image, resolved.Target, size));
                }
                catch (StoreException e) when (ImageErrors.IsLookupFailure(e))
                {
                    exit = Math.Max(exit, ImageErrors.Report(console, name, e));
                }
            }

            await console.Out.WriteAsync(ImageInspectRenderer.Render(entries)).ConfigureAwait(false);
            return exit;
        });
        return command;
    }
}
