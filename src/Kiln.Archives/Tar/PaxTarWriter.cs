using System.Buffers;
using System.Globalization;
using System.Text;
using Kiln.Linux;

namespace Kiln.Archives.Tar;

/// <summary>
/// Kiln's deterministic tar writer for layers (issue 3 "Layer format"; POSIX.1-2001 pax interchange format).
/// Each entry is a ustar header, preceded by a PAX 'x' header only when a value does not fit ustar
/// (long or non-ASCII path/linkpath, uid/gid over 07777777, size over 8 GiB, sub-second or out-of-range
/// mtime, xattrs as <c>SCHILY.xattr.name</c> with raw binary values). PAX records are sorted by key, the
/// PAX header's name is <c>PaxHeaders/&lt;name&gt;</c> (no process id), uname/gname are empty, so the same
/// entries give the same bytes in any process. Content is streamed through one large buffer.
/// </summary>
public sealed class PaxTarWriter : IDisposable
{
    private const long MaxUstarId = 0x1FFFFF; // 07777777
    private const long MaxUstarSize = (1L << 33) - 1; // 077777777777
    private const long MaxUstarTime = (1L << 33) - 1;

    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly PaxTarWriterOptions _options;
    private readonly byte[] _buffer;
    private int _buffered;
    private bool _finished;
    private bool _faulted;
    private bool _disposed;

    public PaxTarWriter(Stream output, PaxTarWriterOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _leaveOpen = leaveOpen;
        _options = options ?? new PaxTarWriterOptions();
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(_options.BufferSize, 16 * UstarLayout.BlockSize));
    }

    /// <summary>Bytes of tar produced so far (buffered or written).</summary>
    public long Length { get; private set; }

    /// <summary>
    /// Writes one entry. For a regular file, <paramref name="content"/> must supply at least
    /// <see cref="TarEntry.Size"/> bytes (exactly that many are copied); other types take no content.
    /// </summary>
    public void WriteEntry(TarEntry entry, Stream? content = null)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_finished)
        {
            throw new InvalidOperationException("the archive is already finished");
        }

        try
        {
            WriteEntryCore(entry, content);
        }
        catch
        {
            _faulted = true;
            throw;
        }
    }

    /// <summary>Writes the end-of-archive marker (two zero blocks) and flushes. Idempotent.</summary>
    public void Finish()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_finished)
        {
            return;
        }

        EmitZeros(2 * UstarLayout.BlockSize);
        FlushBuffer();
        _output.Flush();
        _finished = true;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            // A faulted archive is left unterminated so that no reader mistakes it for a complete one.
            if (!_faulted && !_finished)
            {
                Finish();
            }
        }
        finally
        {
            _disposed = true;
            ArrayPool<byte>.Shared.Return(_buffer);
            if (!_leaveOpen)
            {
                _output.Dispose();
            }
        }
    }

    private void WriteEntryCore(TarEntry entry, Stream? content)
    {
        Validate(entry, content);
        var mtime = Clamp(entry.ModificationTime);
        var name = entry.Type == TarEntryType.Directory && !entry.Path.EndsWith('/') ? entry.Path + "/" : entry.Path;
        var size = entry.Type == TarEntryType.RegularFile ? entry.Size : 0;

        var records = new List<KeyValuePair<string, byte[]>>();
        Span<byte> header = stackalloc byte[UstarLayout.BlockSize];
        header.Clear();

        if (!TrySplitName(name, header))
        {
            records.Add(Record("path", name));
            WriteFallbackName(name, header);
        }

        if (entry.LinkTarget is { } link)
        {
            var linkBytes = Encoding.UTF8.GetByteCount(link);
            if (linkBytes > UstarLayout.LinkNameLength || !IsAscii(link))
            {
                records.Add(Record("linkpath", link));
                WriteAsciiTruncated(link, header.Slice(UstarLayout.LinkNameOffset, UstarLayout.LinkNameLength));
            }
            else
            {
                Encoding.ASCII.GetBytes(link, header.Slice(UstarLayout.LinkNameOffset, UstarLayout.LinkNameLength));
            }
        }

        UstarLayout.WriteOctal(header, UstarLayout.ModeOffset, UstarLayout.ModeLength, entry.Mode & 0xFFF);
        WriteId(entry.Uid, "uid", UstarLayout.UidOffset, header, records);
        WriteId(entry.Gid, "gid", UstarLayout.GidOffset, header, records);

        if (size > MaxUstarSize)
        {
            records.Add(Record("size", size.ToString(CultureInfo.InvariantCulture)));
            UstarLayout.WriteOctal(header, UstarLayout.SizeOffset, UstarLayout.SizeLength, 0);
        }
        else
        {
            UstarLayout.WriteOctal(header, UstarLayout.SizeOffset, UstarLayout.SizeLength, size);
        }

        var headerSeconds = Math.Clamp(mtime.Seconds, 0, MaxUstarTime);
        if (mtime.Nanoseconds != 0 || mtime.Seconds != headerSeconds)
        {
            records.Add(Record("mtime", FormatTime(mtime)));
        }

        UstarLayout.WriteOctal(header, UstarLayout.MtimeOffset, UstarLayout.MtimeLength, headerSeconds);
        header[UstarLayout.TypeFlagOffset] = TypeFlag(entry.Type);
        UstarLayout.PosixMagic.CopyTo(header[UstarLayout.MagicOffset..]);
        "00"u8.CopyTo(header[UstarLayout.VersionOffset..]);
        if (entry.Type is TarEntryType.CharacterDevice or TarEntryType.BlockDevice)
        {
            UstarLayout.WriteNumber(header, UstarLayout.DevMajorOffset, UstarLayout.DevMajorLength, entry.DeviceMajor);
            UstarLayout.WriteNumber(header, UstarLayout.DevMinorOffset, UstarLayout.DevMinorLength, entry.DeviceMinor);
        }
        else
        {
            UstarLayout.WriteOctal(header, UstarLayout.DevMajorOffset, UstarLayout.DevMajorLength, 0);
            UstarLayout.WriteOctal(header, UstarLayout.DevMinorOffset, UstarLayout.DevMinorLength, 0);
        }

        foreach (var (xattrName, value) in entry.Xattrs)
        {
            records.Add(new KeyValuePair<string, byte[]>("SCHILY.xattr." + xattrName, value));
        }

        UstarLayout.WriteChecksum(header);

        if (records.Count > 0)
        {
            EmitPaxHeader(name, headerSeconds, records);
        }

        Emit(header);
        if (size > 0)
        {
            CopyContent(entry.Path, content!, size);
        }
    }

    private static void Validate(TarEntry entry, Stream? content)
    {
        if (string.IsNullOrEmpty(entry.Path) || entry.Path.Contains('\0', StringComparison.Ordinal))
        {
            throw new TarWriteException(entry.Path ?? string.Empty, "the path is empty or contains NUL");
        }

        if (entry.Type is TarEntryType.Symlink or TarEntryType.HardLink)
        {
            if (string.IsNullOrEmpty(entry.LinkTarget) || entry.LinkTarget.Contains('\0', StringComparison.Ordinal))
            {
                throw new TarWriteException(entry.Path, $"a {entry.Type} needs a link target without NUL");
            }
        }
        else if (entry.LinkTarget is not null)
        {
            throw new TarWriteException(entry.Path, $"a {entry.Type} cannot have a link target");
        }

        if (entry.Size < 0 || (entry.Type != TarEntryType.RegularFile && entry.Size != 0))
        {
            throw new TarWriteException(entry.Path, $"size {entry.Size} is invalid for a {entry.Type}");
        }

        if (entry.Size > 0 && content is null)
        {
            throw new TarWriteException(entry.Path, $"{entry.Size} bytes declared but no content stream given");
        }

        if (entry.Uid < 0 || entry.Gid < 0)
        {
            throw new TarWriteException(entry.Path, "uid and gid must not be negative");
        }

        foreach (var name in entry.Xattrs.Keys)
        {
            if (name.Length == 0 || name.Contains('=', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
            {
                throw new TarWriteException(entry.Path, $"xattr name '{name}' cannot be stored in a PAX record (empty, '=' or NUL)");
            }
        }
    }

    private UnixTimestamp Clamp(UnixTimestamp mtime) =>
        _options.SourceDateEpoch is { } epoch && (mtime.Seconds > epoch || (mtime.Seconds == epoch && mtime.Nanoseconds > 0))
            ? UnixTimestamp.FromSeconds(epoch)
            : mtime;

    private static void WriteId(long id, string key, int offset, Span<byte> header, List<KeyValuePair<string, byte[]>> records)
    {
        if (id > MaxUstarId)
        {
            records.Add(Record(key, id.ToString(CultureInfo.InvariantCulture)));
            UstarLayout.WriteOctal(header, offset, 8, 0);
        }
        else
        {
            UstarLayout.WriteOctal(header, offset, 8, id);
        }
    }

    private static byte TypeFlag(TarEntryType type) => type switch
    {
        TarEntryType.RegularFile => (byte)'0',
        TarEntryType.HardLink => (byte)'1',
        TarEntryType.Symlink => (byte)'2',
        TarEntryType.CharacterDevice => (byte)'3',
        TarEntryType.BlockDevice => (byte)'4',
        TarEntryType.Directory => (byte)'5',
        TarEntryType.Fifo => (byte)'6',
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown tar entry type"),
    };

    /// <summary>PAX mtime: seconds, then a fraction without trailing zeros; negative times count down from the second.</summary>
    internal static string FormatTime(UnixTimestamp time)
    {
        if (time.Nanoseconds == 0)
        {
            return time.Seconds.ToString(CultureInfo.InvariantCulture);
        }

        var seconds = time.Seconds;
        var nanos = time.Nanoseconds;
        var sign = string.Empty;
        if (seconds < 0)
        {
            sign = "-";
            seconds = -(seconds + 1);
            nanos = 1_000_000_000 - nanos;
        }

        var fraction = nanos.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        return $"{sign}{seconds.ToString(CultureInfo.InvariantCulture)}.{fraction}";
    }

    private static KeyValuePair<string, byte[]> Record(string key, string value) => new(key, Encoding.UTF8.GetBytes(value));

    private static bool IsAscii(string s) => Ascii.IsValid(s);

    /// <summary>Fits an ASCII name into name (100) or prefix (155) + '/' + name (100).</summary>
    private static bool TrySplitName(string name, Span<byte> header)
    {
        if (!IsAscii(name))
        {
            return false;
        }

        if (name.Length <= UstarLayout.NameLength)
        {
            Encoding.ASCII.GetBytes(name, header.Slice(UstarLayout.NameOffset, UstarLayout.NameLength));
            return true;
        }

        // The prefix ends at a '/', which is implied between prefix and name; the name part must be non-empty.
        var first = Math.Max(name.Length - UstarLayout.NameLength - 1, 1);
        for (var i = first; i <= Math.Min(UstarLayout.PrefixLength, name.Length - 2); i++)
        {
            if (name[i] == '/')
            {
                Encoding.ASCII.GetBytes(name.AsSpan(0, i), header.Slice(UstarLayout.PrefixOffset, UstarLayout.PrefixLength));
                Encoding.ASCII.GetBytes(name.AsSpan(i + 1), header.Slice(UstarLayout.NameOffset, UstarLayout.NameLength));
                return true;
            }
        }

        return false;
    }

    /// <summary>The ustar name shown by PAX-unaware readers: ASCII-only and cut to fit, deterministic.</summary>
    private static void WriteFallbackName(string name, Span<byte> header)
    {
        var ascii = ToAscii(name);
        if (!TrySplitName(ascii, header))
        {
            header.Slice(UstarLayout.PrefixOffset, UstarLayout.PrefixLength).Clear();
            WriteAsciiTruncated(ascii, header.Slice(UstarLayout.NameOffset, UstarLayout.NameLength));
        }
    }

    private static void WriteAsciiTruncated(string value, Span<byte> field)
    {
        var ascii = ToAscii(value);
        Encoding.ASCII.GetBytes(ascii.AsSpan(0, Math.Min(ascii.Length, field.Length)), field);
    }

    private static string ToAscii(string value)
    {
        if (IsAscii(value))
        {
            return value;
        }

        var chars = value.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] > 0x7E || chars[i] < 0x20)
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }

    private void EmitPaxHeader(string name, long headerSeconds, List<KeyValuePair<string, byte[]>> records)
    {
        records.Sort(static (a, b) => CompareUtf8(a.Key, b.Key));
        var data = new ArrayBufferWriter<byte>(256);
        foreach (var (key, value) in records)
        {
            AppendRecord(data, key, value);
        }

        Span<byte> header = stackalloc byte[UstarLayout.BlockSize];
        header.Clear();
        var baseName = name.TrimEnd('/');
        baseName = baseName[(baseName.LastIndexOf('/') + 1)..];
        WriteAsciiTruncated("PaxHeaders/" + baseName, header.Slice(UstarLayout.NameOffset, UstarLayout.NameLength));
        UstarLayout.WriteOctal(header, UstarLayout.ModeOffset, UstarLayout.ModeLength, 0b110_100_100);
        UstarLayout.WriteOctal(header, UstarLayout.UidOffset, UstarLayout.UidLength, 0);
        UstarLayout.WriteOctal(header, UstarLayout.GidOffset, UstarLayout.GidLength, 0);
        UstarLayout.WriteOctal(header, UstarLayout.SizeOffset, UstarLayout.SizeLength, data.WrittenCount);
        UstarLayout.WriteOctal(header, UstarLayout.MtimeOffset, UstarLayout.MtimeLength, headerSeconds);
        header[UstarLayout.TypeFlagOffset] = (byte)'x';
        UstarLayout.PosixMagic.CopyTo(header[UstarLayout.MagicOffset..]);
        "00"u8.CopyTo(header[UstarLayout.VersionOffset..]);
        UstarLayout.WriteOctal(header, UstarLayout.DevMajorOffset, UstarLayout.DevMajorLength, 0);
        UstarLayout.WriteOctal(header, UstarLayout.DevMinorOffset, UstarLayout.DevMinorLength, 0);
        UstarLayout.WriteChecksum(header);
        Emit(header);
        Emit(data.WrittenSpan);
        EmitPadding(data.WrittenCount);
    }

    private static int CompareUtf8(string a, string b)
    {
        // UTF-16 ordinal order differs from byte order only for surrogates vs U+E000..U+FFFF; compare bytes to be exact.
        if (IsAscii(a) && IsAscii(b))
        {
            return string.CompareOrdinal(a, b);
        }

        return Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));
    }

    /// <summary>"%d %s=%s\n" where the decimal length counts the whole record, itself included.</summary>
    private static void AppendRecord(ArrayBufferWriter<byte> data, string key, byte[] value)
    {
        var keyBytes = Encoding.UTF8.GetBytes(key);
        var rest = 1 + keyBytes.Length + 1 + value.Length + 1; // ' ' key '=' value '\n'
        var length = rest + 1;
        while (length != rest + length.ToString(CultureInfo.InvariantCulture).Length)
        {
            length = rest + length.ToString(CultureInfo.InvariantCulture).Length;
        }

        Encoding.ASCII.GetBytes(length.ToString(CultureInfo.InvariantCulture), data);
        data.Write(" "u8);
        data.Write(keyBytes);
        data.Write("="u8);
        data.Write(value);
        data.Write("\n"u8);
    }

    private void CopyContent(string path, Stream content, long size)
    {
        var remaining = size;
        while (remaining > 0)
        {
            if (_buffered == _buffer.Length)
            {
                FlushBuffer();
            }

            var want = (int)Math.Min(remaining, _buffer.Length - _buffered);
            var read = content.Read(_buffer, _buffered, want);
            if (read <= 0)
            {
                throw new TarWriteException(path, $"content ended after {size - remaining} of {size} declared bytes (file changed while being archived?)");
            }

            _buffered += read;
            remaining -= read;
            Length += read;
        }

        EmitPadding(size);
    }

    private void EmitPadding(long dataLength)
    {
        var rest = (int)(dataLength % UstarLayout.BlockSize);
        if (rest != 0)
        {
            EmitZeros(UstarLayout.BlockSize - rest);
        }
    }

    private void Emit(ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            if (_buffered == _buffer.Length)
            {
                FlushBuffer();
            }

            var n = Math.Min(bytes.Length, _buffer.Length - _buffered);
            bytes[..n].CopyTo(_buffer.AsSpan(_buffered));
            _buffered += n;
            Length += n;
            bytes = bytes[n..];
        }
    }

    private void EmitZeros(int count)
    {
        while (count > 0)
        {
            if (_buffered == _buffer.Length)
            {
                FlushBuffer();
            }

            var n = Math.Min(count, _buffer.Length - _buffered);
            _buffer.AsSpan(_buffered, n).Clear();
            _buffered += n;
            Length += n;
            count -= n;
        }
    }

    private void FlushBuffer()
    {
        if (_buffered > 0)
        {
            _output.Write(_buffer, 0, _buffered);
            _buffered = 0;
        }
    }
}
