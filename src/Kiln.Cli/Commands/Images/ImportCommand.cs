using System.CommandLine;
using Kiln.Oci;
using Kiln.Transports.Filesystems;

namespace Kiln.Cli.Commands.Images;

/// <summary>
/// <c>kiln import FILE|- [REPOSITORY[:TAG]]</c> (issue 3 "Commands"), like <c>docker import</c>: a root filesystem
/// tarball (plain, gzip or zstd) becomes a one-layer image for the host platform (or <c>--platform</c>); prints the image ID.
/// </summary>
internal sealed class ImportCommand(ConsoleStreams console, StoreAccess storeAccess, Func<string, string?> environment)
{
    public Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The root filesystem tarball (- for standard input)" };
        var name = new Argument<string?>("REPOSITORY[:TAG]") { Description = "Name for the image", Arity = ArgumentArity.ZeroOrOne };
        var platform = new Option<string?>("--platform") { Description = "Platform the image declares (default: the host's)" };
        var message = new Option<string?>("--message", "-m") { Description = "Comment for the history entry (default: Imported from FILE)" };
        var command = new Command("import", "Import the contents of a tarball to create a filesystem image") { file, name, platform, message };
        command.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetValue(file)!;
            ImageReference? reference = null;
            if (result.GetValue(name) is { Length: > 0 } text && !ImageReference.TryParse(text, out reference))
            {
                await console.Error.WriteLineAsync($"kiln: import: invalid reference \"{text}\": use [registry/]repository[:tag], lower case").ConfigureAwait(false);
                return ExitCodes.Invalid;
            }

            try
            {
                var store = await storeAccess.OpenAsync(result, cancellationToken).ConfigureAwait(false);
                await using var stream = path == "-"
                    ? Console.OpenStandardInput()
                    : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 17, FileOptions.SequentialScan);
                var options = new RootfsImportOptions
                {
                    Reference = reference is { Digest: null } ? reference.WithoutDigest() : reference,
                    Platform = result.GetValue(platform) is { Length: > 0 } p ? Platform.Parse(p) : null,
                    Source = path,
                    Created = SourceDateEpoch(),
                };
                var image = await new RootfsImporter(store).ImportAsync(stream, options, cancellationToken).ConfigureAwait(false);
                await console.Out.WriteLineAsync(image.ImageId.ToString()).ConfigureAwait(false);
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is IOException or FormatException or InvalidDataException or UnauthorizedAccessException)
            {
                await console.Error.WriteLineAsync("kiln: import: " + e.Message).ConfigureAwait(false);
                return ExitCodes.Findings;
            }
        });
        return command;
    }

    /// <summary><c>SOURCE_DATE_EPOCH</c> (Unix seconds) as the image's creation time, for reproducible imports.</summary>
    private DateTimeOffset? SourceDateEpoch() =>
        long.TryParse(environment("SOURCE_DATE_EPOCH"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
