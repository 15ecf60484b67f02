using System.Buffers.Binary;
using System.IO.Compression;

namespace Kiln.Archives.Compression;

/// <summary>
/// The fixed parts of a gzip member (RFC 1952 section 2.3) as Kiln writes them: no file name, no mtime
/// (0, as Go's <c>compress/gzip</c> writes for Docker layers), XFL from the level, OS 255 ("unknown"), so the
/// header is the same on every machine.
/// </summary>
internal static class GzipFormat
{
    public const int HeaderLength = 10;
    public const int TrailerLength = 8;

    /// <summary>A deflate stream holding nothing: one final fixed-Huffman block with only end-of-block.</summary>
    public static ReadOnlySpan<byte> EmptyDeflate => [0x03, 0x00];

    public static void WriteHeader(Stream output, int level)
    {
        // XFL: 2 = maximum compression, 4 = fastest (RFC 1952); anything else 0.
        byte xfl = level >= 9 ? (byte)2 : level <= 1 ? (byte)4 : (byte)0;
        ReadOnlySpan<byte> header = [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, xfl, 0xff];
        output.Write(header);
    }

    public static void WriteTrailer(Stream output, uint crc32, long length)
    {
        Span<byte> trailer = stackalloc byte[TrailerLength];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, crc32);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], unchecked((uint)length));
        output.Write(trailer);
    }

    public static ZLibCompressionOptions Options(int level)
    {
        if (level is < 0 or > 9)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "gzip levels are 0 to 9");
        }

        return new ZLibCompressionOptions { CompressionLevel = level, CompressionStrategy = ZLibCompressionStrategy.Default };
    }
}
