using System.IO.Compression;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Kiln.Archives.Compression;

/// <summary>
/// Opens compressing and decompressing streams for layers (issue 3 "Layer format"): gzip (in-box zlib, with a
/// deterministic header, optionally chunked in parallel), zstd (ZstdSharp.Port) and none. Compressors write
/// through to their output and finish the format when disposed.
/// </summary>
public static class Codecs
{
    /// <summary>Detects the format by magic bytes and returns the decompressed stream (gzip with any number of members, zstd or plain).</summary>
    /// <exception cref="UnsupportedCompressionException">bzip2 or xz.</exception>
    public static Stream OpenDecompress(Stream input, bool leaveOpen = false)
    {
        var format = CompressionDetector.Detect(input, out var rewound, leaveOpen);
        return OpenDecompress(rewound, format, leaveOpen: false);
    }

    /// <summary>Decompresses <paramref name="input"/> as <paramref name="format"/>.</summary>
    /// <exception cref="UnsupportedCompressionException">bzip2 or xz.</exception>
    public static Stream OpenDecompress(Stream input, CompressionFormat format, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        return format switch
        {
            // GZipStream reads concatenated members (RFC 1952 section 2.2) until the input ends.
            CompressionFormat.Gzip => new GZipStream(input, CompressionMode.Decompress, leaveOpen),
            CompressionFormat.Zstd => new DecompressionStream(input, bufferSize: 0, checkEndOfStream: true, leaveOpen: leaveOpen),
            CompressionFormat.None => leaveOpen ? new PrefixedReadStream([], input, leaveOpen: true) : input,
            _ => throw new UnsupportedCompressionException(format),
        };
    }

    /// <summary>
    /// A write-only stream that compresses into <paramref name="output"/> per <paramref name="options"/>; dispose
    /// it to finish the stream. Flushing it never changes the compressed bytes.
    /// </summary>
    public static Stream OpenCompress(Stream output, CompressionOptions options, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        switch (options.Format)
        {
            case Kiln.Oci.Compression.None:
                return new ForwardingWriteStream(output, forwardFlush: true, leaveOpen);
            case Kiln.Oci.Compression.Gzip:
                return options.GzipParallelism switch
                {
                    GzipParallelism.Off => new GzipCompressStream(output, options.EffectiveLevel, leaveOpen),
                    GzipParallelism.On => new ParallelGzipStream(output, options.EffectiveLevel, options.ChunkSize, options.EffectiveWorkers, leaveOpen),
                    _ => new AutoGzipStream(output, options, leaveOpen),
                };
            case Kiln.Oci.Compression.Zstd:
                var zstd = new CompressionStream(output, options.EffectiveLevel, bufferSize: 0, leaveOpen: leaveOpen);
                zstd.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1);

                // Multi-threaded zstd output is the same for any worker count >= 1 (but differs from 0), so
                // always at least one worker keeps digests equal across machines.
                zstd.SetParameter(ZSTD_cParameter.ZSTD_c_nbWorkers, options.EffectiveWorkers);
                return new ForwardingWriteStream(zstd, forwardFlush: false, leaveOpen: false);
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Format, "unknown compression");
        }
    }
}
