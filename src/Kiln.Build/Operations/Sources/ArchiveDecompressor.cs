using Kiln.Archives.Compression;
using Kiln.Oci;
using SharpCompress.Compressors;
using SharpCompress.Compressors.BZip2;
using SharpCompress.Compressors.Xz;

namespace Kiln.Build.Operations.Sources;

/// <summary>
/// Opens the decompressed stream of a local <c>ADD</c> archive (DF-ADD-TAR): gzip and zstd through
/// <see cref="Codecs"/>; bzip2 and xz, which the BCL lacks and layers never use, through SharpCompress's managed
/// decoders (no external <c>xz</c>/<c>bzip2</c> process, so nothing to install and no pipe to manage).
/// </summary>
internal static class ArchiveDecompressor
{
    /// <summary>Detects the compression of <paramref name="input"/> by magic bytes and returns the decompressed stream; disposing it disposes <paramref name="input"/>.</summary>
    public static Stream Open(Stream input, out CompressionFormat format)
    {
        format = CompressionDetector.Detect(input, out var rewound);
        return format switch
        {
            CompressionFormat.Bzip2 => BZip2Stream.Create(rewound, CompressionMode.Decompress, decompressConcatenated: true, leaveOpen: false, tolerateTruncatedStream: false),
            CompressionFormat.Xz => new PassThroughReadStream(new XZStream(rewound), alsoDispose: rewound),
            _ => Codecs.OpenDecompress(rewound, format),
        };
    }

    public static ArchiveFormat ToArchiveFormat(CompressionFormat format) => format switch
    {
        CompressionFormat.Gzip => ArchiveFormat.TarGzip,
        CompressionFormat.Bzip2 => ArchiveFormat.TarBzip2,
        CompressionFormat.Xz => ArchiveFormat.TarXz,
        CompressionFormat.Zstd => ArchiveFormat.TarZstd,
        _ => ArchiveFormat.Tar,
    };
}
