using System.CommandLine;
using Kiln.Oci;
using Kiln.Storage;
using Kiln.Storage.Images;
using Kiln.Transports.Archives;

namespace Kiln.Cli.Commands.Images;

/// <summary>
/// <c>kiln save [-o FILE] [--format docker|oci] IMAGE...</c> (issue 3 "Commands"): writes images as a docker-archive that
/// <c>docker load</c> accepts, or with <c>--format oci</c> as an OCI layout tar; to standard output without <c>-o</c>
/// or with <c>-o -</c>. An image named by reference keeps that name in the archive; one named by ID is saved untagged.
/// </summary>
internal sealed class SaveCommand(ConsoleStreams console, StoreAccess storeAccess)
{
    public Command Create()
    {
        var images = new Argument<string[]>("IMAGE") { Description = "Images to save (name[:tag], digest or ID)", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--output", "-o") { Description = "Write to a file instead of standard output (- for standard output)" };
        var format = new Option<string>("--format") { Description = "Archive format: docker (docker load) or oci (OCI image layout tar)", DefaultValueFactory = _ => "docker" };
        format.AcceptOnlyFromAmong("docker", "oci");
        var command = new Command("save", "Save one or more images to a tar archive (streamed to standard output by default)") { images, output, format };
        command.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetValue(output);
            var toStdout = path is null or "-";
            if (toStdout && Console.IsOutputRedirected is false)
            {
                await console.Error.WriteLineAsync("kiln: save: cowardly refusing to write an archive to a terminal; use -o FILE or redirect standard output").ConfigureAwait(false);
                return ExitCodes.Invalid;
            }

            try
            {
                var store = await storeAccess.OpenAsync(result, cancellationToken).ConfigureAwait(false);
                var selected = await SelectAsync(store, result.GetValue(images)!, cancellationToken).ConfigureAwait(false);
                var oci = result.GetValue(format) == "oci";
                Func<Stream, Task> write = oci
                    ? s => new OciArchiveWriter(store).WriteAsync(selected, s, cancellationToken)
                    : s => new DockerArchiveWriter(store).WriteAsync(selected, s, cancellationToken);
                if (toStdout)
                {
                    await using var stdout = Console.OpenStandardOutput();
                    await write(stdout).ConfigureAwait(false);
                    await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
                    return ExitCodes.Success;
                }

                await WriteFileAtomicallyAsync(path!, write).ConfigureAwait(false);
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is IOException or FormatException or InvalidDataException or UnauthorizedAccessException)
            {
                await console.Error.WriteLineAsync("kiln: save: " + e.Message).ConfigureAwait(false);
                return ExitCodes.Findings;
            }
        });
        return command;
    }

    /// <summary>Resolves the arguments; the same image named twice becomes one archive entry with both names.</summary>
    private static async Task<List<ArchiveImage>> SelectAsync(LocalStore store, string[] arguments, CancellationToken cancellationToken)
    {
        var byImage = new Dictionary<Digest, (StoredImage Image, List<ImageReference> Names)>();
        var order = new List<Digest>();
        foreach (var argument in arguments)
        {
            var resolved = await store.ResolveAsync(argument, cancellationToken).ConfigureAwait(false);
            var image = await store.GetImageAsync(resolved, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!byImage.TryGetValue(image.ManifestDigest, out var entry))
            {
                entry = (image, []);
                byImage[image.ManifestDigest] = entry;
                order.Add(image.ManifestDigest);
            }

            if (ImageReference.TryParse(argument, out var reference) && reference.Digest is null
                && resolved.References.FirstOrDefault(r => r.ToString() == reference.ToString()) is { } name
                && !entry.Names.Contains(name))
            {
                entry.Names.Add(name);
            }
        }

        return order.Select(d => new ArchiveImage(byImage[d].Image, byImage[d].Names)).ToList();
    }

    /// <summary>Writes next to <paramref name="path"/> and renames, so a failed save never leaves a half archive under the name.</summary>
    internal static async Task WriteFileAtomicallyAsync(string path, Func<Stream, Task> write)
    {
        var full = Path.GetFullPath(path);
        var temp = full + ".kiln-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                await write(file).ConfigureAwait(false);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
