namespace Kiln.Archives.Compression;

/// <summary>A stream is compressed in a format Kiln recognises but cannot decompress here (bzip2 or xz in a layer).</summary>
public sealed class UnsupportedCompressionException : IOException
{
    public UnsupportedCompressionException(CompressionFormat format)
        : base($"{FormatName(format)} compression is not supported for layers: expected gzip, zstd or an uncompressed tar")
    {
        Format = format;
    }

    /// <summary>The format that was detected.</summary>
    public CompressionFormat Format { get; }

    private static string FormatName(CompressionFormat format) => format switch
    {
        CompressionFormat.Bzip2 => "bzip2",
        CompressionFormat.Xz => "xz",
        _ => format.ToString().ToLowerInvariant(),
    };
}
