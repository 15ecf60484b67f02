using System.IO.Pipelines;
using Kiln.Archives.Compression;
using Kiln.Archives.Layers;
using Kiln.Archives.Tar;
using Kiln.Linux;
using Kiln.Oci;
using Kiln.Oci.Images;
using Kiln.Storage;
using Kiln.Transports.Archives;
using Kiln.Transports.Errors;

namespace Kiln.Transports.Filesystems;

/// <summary>
/// <c>kiln import ROOTFS.tar [NAME]</c>, like <c>docker import</c>: a root filesystem tarball (uncompressed, gzip or zstd,
/// detected by magic bytes) becomes a one-layer image. The tar is re-encoded with Kiln's deterministic PAX writer
/// (paths made relative: <c>./</c> and leading <c>/</c> dropped; an entry climbing out with <c>..</c> is refused), hashed
/// for the DiffID, compressed and streamed into the store in one pass. The config is minimal: the platform, one history
/// entry, <c>rootfs.diff_ids</c>.
/// </summary>
public sealed class RootfsImporter(LocalStore store)
{
    private const int PipeHighWater = 4 << 20;

    /// <exception cref="ArchiveFormatException">The input is not a (complete) tar, or an entry escapes the root.</exception>
    public async Task<LoadedImage> ImportAsync(Stream rootfs, RootfsImportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rootfs);
        ArgumentNullException.ThrowIfNull(options);
        var layer = await WriteLayerAsync(rootfs, options, cancellationToken).ConfigureAwait(false);

        var created = options.Created ?? options.Time.GetUtcNow();
        var config = new ImageConfig(options.Platform ?? Platform.Host())
        {
            Created = created,
            RootFs = new RootFs([layer.DiffId]),
            History = [new HistoryEntry { Created = created, CreatedBy = "kiln import", Comment = "Imported from " + options.Source }],
        };
        var configBytes = RawDocument.Create(config).Bytes;
        var manifest = await store.PutImageAsync(configBytes, [layer.Descriptor], cancellationToken: cancellationToken).ConfigureAwait(false);
        var references = new List<ImageReference>();
        if (options.Reference is { } reference)
        {
            await store.TagAsync(reference, manifest.ToDescriptor(), cancellationToken).ConfigureAwait(false);
            references.Add(reference);
        }

        return new LoadedImage(manifest.ToDescriptor(), manifest.Value.Config.Digest, references);
    }

    /// <summary>Producer (tar re-encode + compress on a worker) and consumer (verified blob ingest) joined by a bounded pipe.</summary>
    private async Task<LayerWriteResult> WriteLayerAsync(Stream rootfs, RootfsImportOptions options, CancellationToken cancellationToken)
    {
        var writer = new LayerWriter(new LinuxFileSystem(), new LayerWriterOptions { Compression = options.Compression });
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: PipeHighWater, resumeWriterThreshold: PipeHighWater / 2, useSynchronizationContext: false));
        var producer = Task.Run(
            () =>
            {
                // The sink is not disposed on failure: that would end the pipe normally and the partial layer
                // would look complete to the consumer; completing with the exception makes the ingest fail instead.
                var sink = pipe.Writer.AsStream(leaveOpen: true);
                LayerWriteResult written;
                try
                {
                    using var input = Codecs.OpenDecompress(rootfs, leaveOpen: true);
                    written = writer.Write(tar => CopyEntries(input, tar, options.Source, cancellationToken), sink);
                    sink.Flush();
                }
                catch (Exception e)
                {
                    pipe.Writer.Complete(e);
                    throw;
                }

                pipe.Writer.Complete();
                return written;
            },
            cancellationToken);

        Descriptor stored;
        try
        {
            await using var source = pipe.Reader.AsStream();
            stored = await store.Blobs.WriteAsync(source, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception consumerError)
        {
            await pipe.Reader.CompleteAsync(consumerError).ConfigureAwait(false);
            try
            {
                await producer.ConfigureAwait(false);
            }
            catch (Exception producerError)
            {
                throw Translate(producerError, options.Source);
            }

            throw Translate(consumerError, options.Source);
        }

        LayerWriteResult result;
        try
        {
            result = await producer.ConfigureAwait(false);
        }
        catch (Exception producerError)
        {
            throw Translate(producerError, options.Source);
        }

        if (stored.Digest != result.Descriptor.Digest)
        {
            throw new InvalidOperationException($"the stored layer {stored.Digest} differs from the written one {result.Descriptor.Digest}");
        }

        return result;
    }

    private static Exception Translate(Exception e, string source) => e switch
    {
        TarFormatException or InvalidDataException or EndOfStreamException =>
            new ArchiveFormatException(source, "the root filesystem is truncated or is not a tar archive (" + e.Message + "); nothing was imported", e),
        UnsupportedCompressionException => new ArchiveFormatException(source, e.Message + "; decompress it first", e),
        _ => e,
    };

    private static void CopyEntries(Stream input, PaxTarWriter tar, string source, CancellationToken cancellationToken)
    {
        using var reader = new TarReader(input, leaveOpen: true);
        while (reader.GetNextEntry() is { } entry)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = Relative(entry.Path, entry.Path, source);
            if (path.Length == 0)
            {
                continue;
            }

            var link = entry.Type == TarEntryType.HardLink && entry.LinkTarget is { } target ? Relative(target, entry.Path, source) : entry.LinkTarget;
            tar.WriteEntry(entry with { Path = path, LinkTarget = link }, entry.Type == TarEntryType.RegularFile ? reader.Content : null);
        }
    }

    private static string Relative(string path, string entry, string source) =>
        ArchiveMembers.Normalize(path)
        ?? throw new ArchiveFormatException(source, $"entry '{entry}' climbs out of the root filesystem with '..'; refusing to import it");
}
