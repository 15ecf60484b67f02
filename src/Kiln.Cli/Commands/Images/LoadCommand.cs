using System.CommandLine;
using Kiln.Transports.Archives;

namespace Kiln.Cli.Commands.Images;

/// <summary>
/// <c>kiln load [-i FILE] [-q]</c> (issue 3 "Commands"): loads a docker-archive (<c>docker save</c> of any Docker version,
/// or <c>kiln save</c>) or an OCI layout archive, detected from its content, from a file or standard input (optionally
/// gzip/zstd-compressed). Prints <c>Loaded image: NAME</c> per tag, <c>Loaded image ID: ID</c> for untagged images, as
/// docker does. Blobs are verified while they stream in; an inconsistent image is rejected before it is tagged.
/// </summary>
internal sealed class LoadCommand(ConsoleStreams console, StoreAccess storeAccess)
{
    public Command Create()
    {
        var input = new Option<string?>("--input", "-i") { Description = "Read from a tar archive file instead of standard input (- for standard input)" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Suppress the load output" };
        var command = new Command("load", "Load images from a tar archive (docker save or OCI layout) or standard input") { input, quiet };
        command.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetValue(input);
            var fromStdin = path is null or "-";
            if (fromStdin && !Console.IsInputRedirected)
            {
                await console.Error.WriteLineAsync("kiln: load: requested load from standard input, but it is a terminal; use -i FILE or redirect standard input").ConfigureAwait(false);
                return ExitCodes.Invalid;
            }

            try
            {
                var store = await storeAccess.OpenAsync(result, cancellationToken).ConfigureAwait(false);
                await using var stream = fromStdin
                    ? Console.OpenStandardInput()
                    : new FileStream(path!, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 17, FileOptions.SequentialScan);
                var loaded = await new ImageArchiveLoader(store).LoadAsync(stream, fromStdin ? "-" : path!, cancellationToken).ConfigureAwait(false);
                if (!result.GetValue(quiet))
                {
                    foreach (var image in loaded.Images)
                    {
                        if (image.References.Count == 0)
                        {
                            await console.Out.WriteLineAsync("Loaded image ID: " + image.ImageId).ConfigureAwait(false);
                        }

                        foreach (var reference in image.References)
                        {
                            await console.Out.WriteLineAsync("Loaded image: " + reference.FamiliarString).ConfigureAwait(false);
                        }
                    }
                }

                return ExitCodes.Success;
            }
            catch (Exception e) when (e is IOException or FormatException or InvalidDataException or UnauthorizedAccessException)
            {
                await console.Error.WriteLineAsync("kiln: load: " + e.Message).ConfigureAwait(false);
                return ExitCodes.Findings;
            }
        });
        return command;
    }
}
