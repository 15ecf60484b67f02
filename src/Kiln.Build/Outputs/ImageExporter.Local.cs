using System.IO.Pipelines;
using System.Runtime.ExceptionServices;
using Kiln.Archives.Extraction;
using Kiln.Archives.Whiteouts;
using Kiln.Linux;
using Kiln.Storage;
using Kiln.Storage.Images;
using Kiln.Transports.Filesystems;

namespace Kiln.Build.Outputs;

/// <summary><c>type=local</c>: the flattened filesystem streamed into the destination directory.</summary>
public sealed partial class ImageExporter
{
    private const int PipeHighWater = 4 << 20;

    /// <summary>
    /// The layers are flattened by <see cref="FilesystemExporter"/> (whiteouts applied in a private work directory) and
    /// its tar is extracted into the destination by <see cref="SafeExtractor"/> through an in-memory pipe: nothing can
    /// land outside the destination (symlinks already in it are resolved inside it), existing files are replaced, other
    /// files stay (buildx's <c>mode=copy</c>); with <c>mode=delete</c> the directory is emptied first.
    /// </summary>
    private async Task<string> ExportLocalAsync(LocalStore store, StoredImage image, OutputSpec spec, CancellationToken cancellationToken)
    {
        var destination = Path.GetFullPath(spec.Destination!);
        var fs = new LinuxFileSystem();
        if (spec.Mode == LocalOutputMode.Delete && Directory.Exists(destination))
        {
            foreach (var child in Directory.EnumerateFileSystemEntries(destination).ToList())
            {
                fs.RemoveTree(child);
            }
        }

        try
        {
            Directory.CreateDirectory(destination);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputException(OutputException.DestinationId, $"cannot create the output directory {spec.Destination}: {e.Message}", e);
        }

        var preserve = _options.PreserveOwnership;
        var extractor = new SafeExtractor(fs, new SafeExtractorOptions
        {
            // The flattened tree has no whiteouts left: a .wh. name in it would be a real file.
            Whiteouts = WhiteoutHandling.Keep,
            PreserveOwnership = preserve,
            IncludeXattr = preserve ? null : name => name.StartsWith("user.", StringComparison.Ordinal),
        });

        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: PipeHighWater, resumeWriterThreshold: PipeHighWater / 2, useSynchronizationContext: false));
        var producer = Task.Run(
            async () =>
            {
                // Completing the writer with the error (not disposing the stream) makes the extractor fail instead of
                // seeing a short but well-ended archive.
                var sink = pipe.Writer.AsStream(leaveOpen: true);
                try
                {
                    await new FilesystemExporter(store).ExportAsync(image, sink, _options.TemporaryDirectory, cancellationToken).ConfigureAwait(false);
                    await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    await pipe.Writer.CompleteAsync(e).ConfigureAwait(false);
                    throw;
                }

                await pipe.Writer.CompleteAsync().ConfigureAwait(false);
            },
            CancellationToken.None);

        var consumer = Task.Run(
            () =>
            {
                try
                {
                    using var source = pipe.Reader.AsStream(leaveOpen: true);
                    extractor.Extract(source, destination, cancellationToken);

                    // The tar's end blocks and padding: read them so the producer never blocks on a full pipe.
                    source.CopyTo(Stream.Null);
                }
                catch (Exception e)
                {
                    pipe.Reader.Complete(e);
                    throw;
                }

                pipe.Reader.Complete();
            },
            CancellationToken.None);

        try
        {
            await Task.WhenAll(producer, consumer).ConfigureAwait(false);
        }
        catch (Exception) when (consumer.Exception?.InnerException is { } extraction && extraction is not OperationCanceledException && producer.Exception?.InnerException != extraction)
        {
            // The extractor's own failure (an unsafe entry, a full disk) explains more than the producer's broken pipe.
            ExceptionDispatchInfo.Throw(extraction);
        }

        return destination;
    }
}
