using System.Runtime.Intrinsics;

namespace Kiln.Archives.Tar;

/// <summary>
/// Field offsets and sizes of the 512-byte POSIX ustar header (POSIX.1-2001 pax "ustar Interchange Format"),
/// plus the numeric encodings: zero-padded octal with a NUL, and GNU base-256 for values that do not fit.
/// </summary>
internal static class UstarLayout
{
    internal const int BlockSize = 512;

    internal const int NameOffset = 0, NameLength = 100;
    internal const int ModeOffset = 100, ModeLength = 8;
    internal const int UidOffset = 108, UidLength = 8;
    internal const int GidOffset = 116, GidLength = 8;
    internal const int SizeOffset = 124, SizeLength = 12;
    internal const int MtimeOffset = 136, MtimeLength = 12;
    internal const int ChecksumOffset = 148, ChecksumLength = 8;
    internal const int TypeFlagOffset = 156;
    internal const int LinkNameOffset = 157, LinkNameLength = 100;
    internal const int MagicOffset = 257;
    internal const int VersionOffset = 263;
    internal const int UnameOffset = 265, UnameLength = 32;
    internal const int GnameOffset = 297, GnameLength = 32;
    internal const int DevMajorOffset = 329, DevMajorLength = 8;
    internal const int DevMinorOffset = 337, DevMinorLength = 8;
    internal const int PrefixOffset = 345, PrefixLength = 155;

    /// <summary>"ustar\0" followed by version "00": POSIX.</summary>
    internal static ReadOnlySpan<byte> PosixMagic => "ustar\0"u8;

    /// <summary>GNU tar's "ustar  \0" spanning magic and version.</summary>
    internal static ReadOnlySpan<byte> GnuMagic => "ustar  \0"u8;

    /// <summary>Largest value an octal field of <paramref name="fieldLength"/> bytes holds (digits plus a NUL).</summary>
    internal static long MaxOctal(int fieldLength) => (1L << (3 * (fieldLength - 1))) - 1;

    internal static void WriteOctal(Span<byte> header, int offset, int length, long value)
    {
        var field = header.Slice(offset, length);
        field[^1] = 0;
        for (var i = length - 2; i >= 0; i--)
        {
            field[i] = (byte)('0' + (value & 7));
            value >>= 3;
        }
    }

    /// <summary>GNU base-256: high bit of the first byte set, the rest a big-endian two's complement number.</summary>
    internal static void WriteBase256(Span<byte> header, int offset, int length, long value)
    {
        var field = header.Slice(offset, length);
        for (var i = length - 1; i >= 0; i--)
        {
            field[i] = (byte)value;
            value >>= 8;
        }

        field[0] |= 0x80;
    }

    internal static void WriteNumber(Span<byte> header, int offset, int length, long value)
    {
        if (value >= 0 && value <= MaxOctal(length))
        {
            WriteOctal(header, offset, length, value);
        }
        else
        {
            WriteBase256(header, offset, length, value);
        }
    }

    /// <summary>Sums the header with the checksum field taken as eight spaces; stores six octal digits, NUL, space.</summary>
    internal static void WriteChecksum(Span<byte> header)
    {
        header.Slice(ChecksumOffset, ChecksumLength).Fill((byte)' ');
        var sum = UnsignedChecksum(header);
        WriteOctal(header, ChecksumOffset, 7, sum);
        header[ChecksumOffset + 7] = (byte)' ';
    }

    internal static long UnsignedChecksum(ReadOnlySpan<byte> header) =>
        SumBytes(header[..ChecksumOffset]) + (ChecksumLength * ' ') + SumBytes(header[(ChecksumOffset + ChecksumLength)..BlockSize]);

    // The unsigned sum of at most one block's bytes (every header of an archive is summed once: vectorized).
    private static long SumBytes(ReadOnlySpan<byte> bytes)
    {
        long sum = 0;
        var i = 0;
        if (Vector128.IsHardwareAccelerated && bytes.Length >= Vector128<byte>.Count)
        {
            // 16-bit lanes: a block adds at most 32 x 255 to each, far below 65,535.
            var lanes = Vector128<ushort>.Zero;
            for (; i <= bytes.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                var (lower, upper) = Vector128.Widen(Vector128.Create(bytes.Slice(i, Vector128<byte>.Count)));
                lanes += lower + upper;
            }

            var (low, high) = Vector128.Widen(lanes);
            sum = Vector128.Sum(low + high);
        }

        for (; i < bytes.Length; i++)
        {
            sum += bytes[i];
        }

        return sum;
    }

    /// <summary>Historic tars summed signed chars; accepted on read.</summary>
    internal static long SignedChecksum(ReadOnlySpan<byte> header)
    {
        long sum = 0;
        for (var i = 0; i < BlockSize; i++)
        {
            sum += i is >= ChecksumOffset and < ChecksumOffset + ChecksumLength ? ' ' : (sbyte)header[i];
        }

        return sum;
    }

    /// <summary>Parses an octal (leading spaces/NULs allowed, ended by space or NUL) or base-256 field; null when malformed.</summary>
    internal static long? ParseNumber(ReadOnlySpan<byte> field)
    {
        if (field.Length > 0 && (field[0] & 0x80) != 0)
        {
            var negative = field[0] == 0xFF;
            long value = negative ? -1 : field[0] & 0x7F;
            for (var i = 1; i < field.Length; i++)
            {
                if (!negative && value > (long.MaxValue >> 8))
                {
                    return null;
                }

                if (negative && value < (long.MinValue >> 8))
                {
                    return null;
                }

                value = (value << 8) | field[i];
            }

            return value;
        }

        var pos = 0;
        while (pos < field.Length && (field[pos] == ' ' || field[pos] == 0))
        {
            pos++;
        }

        long result = 0;
        for (; pos < field.Length; pos++)
        {
            var c = field[pos];
            if (c is (byte)' ' or 0)
            {
                break;
            }

            if (c is < (byte)'0' or > (byte)'7' || result > (long.MaxValue >> 3))
            {
                return null;
            }

            result = (result << 3) | (uint)(c - '0');
        }

        for (; pos < field.Length; pos++)
        {
            if (field[pos] is not ((byte)' ' or 0))
            {
                return null;
            }
        }

        return result;
    }

    /// <summary>The bytes of a NUL-terminated (or full-width) text field.</summary>
    internal static ReadOnlySpan<byte> CString(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return end < 0 ? field : field[..end];
    }
}
