namespace Kiln.Archives.Compression;

/// <summary>
/// Recognises a compression format by its magic bytes (issue 3 "Layer format": detection by magic bytes),
/// as containerd and Docker do for layer blobs and <c>ADD</c> archives; the media type is not trusted.
/// </summary>
public static class CompressionDetector
{
    /// <summary>The most bytes any magic needs (xz).</summary>
    public const int MagicLength = 6;

    /// <summary>The format whose magic starts <paramref name="header"/>; <see cref="CompressionFormat.None"/> otherwise.</summary>
    public static CompressionFormat Detect(ReadOnlySpan<byte> header)
    {
        // gzip: ID1 ID2 and CM = 8 (deflate, the only method RFC 1952 defines).
        if (header is [0x1f, 0x8b, 0x08, ..])
        {
            return CompressionFormat.Gzip;
        }

        if (header is [0x28, 0xb5, 0x2f, 0xfd, ..])
        {
            return CompressionFormat.Zstd;
        }

        // bzip2: "BZh" and a block-size digit 1-9.
        if (header is [(byte)'B', (byte)'Z', (byte)'h', >= (byte)'1' and <= (byte)'9', ..])
        {
            return CompressionFormat.Bzip2;
        }

        if (header is [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, ..])
        {
            return CompressionFormat.Xz;
        }

        return CompressionFormat.None;
    }

    /// <summary>
    /// Reads the first bytes of <paramref name="input"/>, detects the format and returns in
    /// <paramref name="rewound"/> a stream that still starts at the first byte (works on non-seekable streams).
    /// </summary>
    public static CompressionFormat Detect(Stream input, out Stream rewound, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        var magic = new byte[MagicLength];
        var filled = input.ReadAtLeast(magic, MagicLength, throwOnEndOfStream: false);
        Array.Resize(ref magic, filled);
        rewound = new PrefixedReadStream(magic, input, leaveOpen);
        return Detect(magic);
    }

    /// <summary>True for the formats a layer may use: none, gzip and zstd.</summary>
    public static bool IsLayerFormat(CompressionFormat format) =>
        format is CompressionFormat.None or CompressionFormat.Gzip or CompressionFormat.Zstd;

    /// <summary>The layer compression of <paramref name="format"/>.</summary>
    /// <exception cref="UnsupportedCompressionException">bzip2 or xz.</exception>
    public static Kiln.Oci.Compression ToLayerCompression(CompressionFormat format) => format switch
    {
        CompressionFormat.None => Kiln.Oci.Compression.None,
        CompressionFormat.Gzip => Kiln.Oci.Compression.Gzip,
        CompressionFormat.Zstd => Kiln.Oci.Compression.Zstd,
        _ => throw new UnsupportedCompressionException(format),
    };
}
