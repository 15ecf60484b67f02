using System.CommandLine;
using Kiln.Transports.Filesystems;

namespace Kiln.Cli.Commands.Images;

/// <summary>
/// <c>kiln export [-o FILE] IMAGE</c> (issue 3 "Commands"): the image's flattened filesystem (layers applied in order,
/// whiteouts honoured, nothing written outside a private temp directory) as one tar, to a file or standard output.
/// </summary>
internal sealed class ExportCommand(ConsoleStreams console, StoreAccess storeAccess)
{
    public Command Create()
    {
        var image = new Argument<string>("IMAGE") { Description = "The image (name[:tag], digest or ID)" };
        var output = new Option<string?>("--output", "-o") { Description = "Write to a file instead of standard output (- for standard output)" };
        var platform = new Option<string?>("--platform") { Description = "Platform to export from a multi-platform image (default: the host's)" };
        var command = new Command("export", "Export an image's flattened filesystem as a tar archive") { image, output, platform };
        command.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetValue(output);
            var toStdout = path is null or "-";
            if (toStdout && !Console.IsOutputRedirected)
            {
                await console.Error.WriteLineAsync("kiln: export: cowardly refusing to write an archive to a terminal; use -o FILE or redirect standard output").ConfigureAwait(false);
                return ExitCodes.Invalid;
            }

            try
            {
                var store = await storeAccess.OpenAsync(result, cancellationToken).ConfigureAwait(false);
                var selected = await store.GetImageAsync(
                    result.GetValue(image)!,
                    result.GetValue(platform) is { Length: > 0 } p ? Oci.Platform.Parse(p) : null,
                    cancellationToken).ConfigureAwait(false);
                var exporter = new FilesystemExporter(store);
                if (toStdout)
                {
                    await using var stdout = Console.OpenStandardOutput();
                    await exporter.ExportAsync(selected, stdout, cancellationToken: cancellationToken).ConfigureAwait(false);
                    return ExitCodes.Success;
                }

                await SaveCommand.WriteFileAtomicallyAsync(path!, s => exporter.ExportAsync(selected, s, cancellationToken: cancellationToken)).ConfigureAwait(false);
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is IOException or FormatException or InvalidDataException or UnauthorizedAccessException)
            {
                await console.Error.WriteLineAsync("kiln: export: " + e.Message).ConfigureAwait(false);
                return ExitCodes.Findings;
            }
        });
        return command;
    }
}
