using Kiln.Archives.Building;
using Kiln.Archives.Compression;
using Kiln.Archives.Tar;
using Kiln.Linux;
using Kiln.Oci;

namespace Kiln.Archives.Layers;

/// <summary>
/// Writes a layer blob in one streaming pass (issue 3 "Layer format"): tar entries → diffID hash of the
/// uncompressed tar → compressor → digest hash of the compressed bytes → destination. Nothing is held in
/// memory beyond bounded buffers, so layers of any size stream straight to disk or to a registry upload.
/// </summary>
public sealed class LayerWriter
{
    private readonly LinuxFileSystem _fs;
    private readonly LayerWriterOptions _options;

    public LayerWriter(LinuxFileSystem fileSystem, LayerWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        _fs = fileSystem;
        _options = options ?? new LayerWriterOptions();
    }

    /// <summary>The options in effect.</summary>
    public LayerWriterOptions Options => _options;

    /// <summary>Packs <paramref name="sourceDirectory"/> deterministically (<see cref="DirectoryTarBuilder"/>) into <paramref name="destination"/>.</summary>
    public LayerWriteResult WriteDirectory(string sourceDirectory, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sourceDirectory);
        var builder = new DirectoryTarBuilder(_fs, _options.Directory);
        return Write(writer => builder.Write(sourceDirectory, writer, cancellationToken), destination);
    }

    /// <summary>
    /// Writes the entries that <paramref name="writeEntries"/> emits (the archive is finished afterwards)
    /// into <paramref name="destination"/>, which is left open. A <paramref name="destination"/> that is a fresh
    /// <see cref="DigestingStream"/> (nothing written yet, e.g. a blob store's ingest stream) is not hashed a second
    /// time, and an uncompressed layer is hashed once: its diff ID is its digest.
    /// </summary>
    public LayerWriteResult Write(Action<PaxTarWriter> writeEntries, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(writeEntries);
        ArgumentNullException.ThrowIfNull(destination);

        var compression = _options.Compression;
        var given = destination as DigestingStream is { BytesProcessed: 0 } fresh ? fresh : null;
        using var own = given is null ? new DigestingStream(destination, leaveOpen: true) : null;
        var compressed = given ?? own!;
        Digest diffId;
        long uncompressedSize;
        if (compression.Format == Kiln.Oci.Compression.None)
        {
            WriteTar(writeEntries, compressed);
            compressed.Flush();
            diffId = compressed.Digest;
            uncompressedSize = compressed.BytesProcessed;
        }
        else
        {
            var compressor = Codecs.OpenCompress(compressed, compression, leaveOpen: true);
            try
            {
                using var uncompressed = new DigestingStream(compressor, leaveOpen: true);
                WriteTar(writeEntries, uncompressed);
                diffId = uncompressed.Digest;
                uncompressedSize = uncompressed.BytesProcessed;
            }
            catch
            {
                // Releases the compressor's workers and buffers; the tar inside is unterminated and the caller
                // discards the destination.
                DisposeQuietly(compressor);
                throw;
            }

            compressor.Dispose();
            compressed.Flush();
        }

        var mediaType = MediaTypes.LayerMediaType(compression.Format, _options.OciMediaTypes);
        return new LayerWriteResult(compressed.ToDescriptor(mediaType), diffId, uncompressedSize);
    }

    private void WriteTar(Action<PaxTarWriter> writeEntries, Stream output)
    {
        using var tar = new PaxTarWriter(output, new PaxTarWriterOptions { SourceDateEpoch = _options.SourceDateEpoch }, leaveOpen: true);
        writeEntries(tar);
        tar.Finish();
    }

    private static void DisposeQuietly(Stream stream)
    {
        try
        {
            stream.Dispose();
        }
        catch (IOException)
        {
            // The original failure is what the caller needs to see.
        }
    }
}
