using Kiln.Archives.Compression;
using Kiln.Linux;
using Kiln.Linux.Errors;
using Kiln.Oci;

namespace Kiln.Build.Operations.Sources;

/// <summary>
/// Decides whether a local <c>ADD</c> source is a tar archive to unpack (DF-ADD-TAR, DF-ADD-UNPACK), by content,
/// never by name: the compression is recognised by magic bytes (gzip, bzip2, xz, zstd or none) and the
/// decompressed stream must start with a valid tar header, as BuildKit's <c>isArchivePath</c> asks Go's
/// <c>tar.Reader.Next</c>. A gzip of a plain file, an empty file, an empty tar (only end blocks) and anything
/// whose decoder fails are <see cref="ArchiveFormat.None"/>: copied, not extracted.
/// </summary>
public static class ArchiveDetector
{
    private const int BlockSize = 512;
    private const int ChecksumOffset = 148;
    private const int ChecksumLength = 8;

    /// <summary>The archive format of the file at <paramref name="path"/> (symlinks followed); directories and other non-files are <see cref="ArchiveFormat.None"/>.</summary>
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="path"/>.</exception>
    public static ArchiveFormat Detect(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileStatus status;
        try
        {
            status = new LinuxFileSystem().Stat(path);
        }
        catch (LinuxFileNotFoundException e)
        {
            throw new FileNotFoundException($"ADD source '{path}' does not exist", path, e);
        }

        if (status.Kind != FileKind.Regular)
        {
            return ArchiveFormat.None;
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        return Detect(file);
    }

    /// <summary>The archive format of the content of <paramref name="content"/>, read from its current position (left open).</summary>
    public static ArchiveFormat Detect(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var header = new byte[BlockSize];
        CompressionFormat compression;
        int filled;
        try
        {
            using var decompressed = ArchiveDecompressor.Open(new PassThroughReadStream(content, leaveOpen: true), out compression);
            filled = decompressed.ReadAtLeast(header, BlockSize, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // BuildKit: a stream its decoder cannot read is not an archive, it is copied as a file.
            return ArchiveFormat.None;
        }

        return filled == BlockSize && IsTarHeader(header) ? ArchiveDecompressor.ToArchiveFormat(compression) : ArchiveFormat.None;
    }

    /// <summary>
    /// A non-zero 512-byte block whose checksum field matches the unsigned or the signed byte sum (the checksum
    /// field counted as spaces), as Go's <c>archive/tar</c> accepts; a leading zero block is the end marker.
    /// </summary>
    internal static bool IsTarHeader(ReadOnlySpan<byte> block)
    {
        if (block.Length < BlockSize || block[..BlockSize].IndexOfAnyExcept((byte)0) < 0)
        {
            return false;
        }

        var field = block.Slice(ChecksumOffset, ChecksumLength);
        var trimmed = field.Trim(" \0"u8);
        if (trimmed.IsEmpty)
        {
            return false;
        }

        long stored = 0;
        foreach (var b in trimmed)
        {
            if (b is < (byte)'0' or > (byte)'7')
            {
                return false;
            }

            stored = (stored * 8) + (b - '0');
        }

        long unsigned = 0;
        long signed = 0;
        for (var i = 0; i < BlockSize; i++)
        {
            var b = i is >= ChecksumOffset and < ChecksumOffset + ChecksumLength ? (byte)' ' : block[i];
            unsigned += b;
            signed += (sbyte)b;
        }

        return stored == unsigned || stored == signed;
    }
}
