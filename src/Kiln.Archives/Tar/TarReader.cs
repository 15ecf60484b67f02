using System.Buffers;
using System.Globalization;
using System.Text;
using Kiln.Linux;

namespace Kiln.Archives.Tar;

/// <summary>
/// Kiln's tar reader (issue 3 "Layer format": reading). Understands POSIX ustar, PAX extended ('x') and global
/// ('g') headers, GNU long names and link names ('L', 'K'), GNU base-256 numbers, the old GNU and v7 formats;
/// xattrs (<c>SCHILY.xattr.*</c>, <c>LIBARCHIVE.xattr.*</c>) come back as raw bytes. Every header checksum is
/// verified. What it cannot represent faithfully (GNU sparse files, multi-volume parts, unknown types) raises
/// <see cref="TarUnsupportedFeatureException"/> instead of yielding a wrong file. Forward-only: works on
/// non-seekable streams such as a decompressor.
/// </summary>
public sealed class TarReader : IDisposable
{
    private const int MaxMetadataBytes = 16 << 20;

    private readonly Stream _input;
    private readonly bool _leaveOpen;
    private readonly Dictionary<string, byte[]> _global = new(StringComparer.Ordinal);
    private readonly byte[] _header = new byte[UstarLayout.BlockSize];
    private TarEntryContentStream? _current;
    private long _currentPadding;
    private bool _ended;

    public TarReader(Stream input, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        _input = input;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Bytes consumed from the input so far.</summary>
    public long Offset { get; private set; }

    /// <summary>The current entry's data (empty for entries without data); valid until the next <see cref="GetNextEntry"/>.</summary>
    public Stream Content => _current ?? Stream.Null;

    /// <summary>Advances to the next entry (skipping unread data of the current one); null at the end of the archive.</summary>
    public TarEntry? GetNextEntry()
    {
        if (_ended)
        {
            return null;
        }

        SkipCurrent();
        Dictionary<string, byte[]>? local = null;
        string? gnuLongName = null;
        string? gnuLongLink = null;

        while (true)
        {
            var headerOffset = Offset;
            var got = ReadFull(_header);
            if (got == 0)
            {
                throw new TarFormatException("archive ends without the end-of-archive marker (truncated?)", headerOffset);
            }

            if (got < UstarLayout.BlockSize)
            {
                throw new TarFormatException($"archive truncated inside a header ({got} of 512 bytes)", headerOffset);
            }

            if (_header.AsSpan().IndexOfAnyExcept((byte)0) < 0)
            {
                if (local is not null || gnuLongName is not null || gnuLongLink is not null)
                {
                    throw new TarFormatException("extended header not followed by an entry", headerOffset);
                }

                // The end marker is two zero blocks; a lone one at the very end is accepted (old writers).
                ReadFull(_header);
                _ended = true;
                return null;
            }

            VerifyChecksum(headerOffset);
            var typeFlag = (char)_header[UstarLayout.TypeFlagOffset];
            var size = ParseField(UstarLayout.SizeOffset, UstarLayout.SizeLength, "size", headerOffset, null);
            if (size < 0)
            {
                throw new TarFormatException($"negative size {size}", headerOffset);
            }

            switch (typeFlag)
            {
                case 'x':
                    local ??= new Dictionary<string, byte[]>(StringComparer.Ordinal);
                    ParsePax(ReadMetadata(size, headerOffset), local, headerOffset);
                    continue;
                case 'g':
                    var global = new Dictionary<string, byte[]>(StringComparer.Ordinal);
                    ParsePax(ReadMetadata(size, headerOffset), global, headerOffset);
                    foreach (var (key, value) in global)
                    {
                        if (value.Length == 0)
                        {
                            _global.Remove(key);
                        }
                        else
                        {
                            _global[key] = value;
                        }
                    }

                    continue;
                case 'L':
                    gnuLongName = Encoding.UTF8.GetString(UstarLayout.CString(ReadMetadata(size, headerOffset)));
                    continue;
                case 'K':
                    gnuLongLink = Encoding.UTF8.GetString(UstarLayout.CString(ReadMetadata(size, headerOffset)));
                    continue;
                case 'V':
                    // GNU volume label: archive metadata, not a file.
                    SkipBytes(Padded(size));
                    continue;
            }

            return BuildEntry(typeFlag, size, headerOffset, local, gnuLongName, gnuLongLink);
        }
    }

    public void Dispose()
    {
        if (_current is not null)
        {
            _current.Detached = true;
        }

        if (!_leaveOpen)
        {
            _input.Dispose();
        }
    }

    internal int ReadRaw(Span<byte> buffer)
    {
        var n = _input.Read(buffer);
        Offset += n;
        return n;
    }

    internal async ValueTask<int> ReadRawAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var n = await _input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Offset += n;
        return n;
    }

    private TarEntry BuildEntry(char typeFlag, long headerSize, long headerOffset, Dictionary<string, byte[]>? local, string? gnuLongName, string? gnuLongLink)
    {
        var pax = Merge(local);
        var header = _header.AsSpan();
        var magic = header.Slice(UstarLayout.MagicOffset, 8);
        var isPosix = magic[..6].SequenceEqual(UstarLayout.PosixMagic);
        var isGnu = magic.SequenceEqual(UstarLayout.GnuMagic);

        string path;
        if (pax.TryGetValue("path", out var paxPath))
        {
            path = Encoding.UTF8.GetString(paxPath);
        }
        else if (gnuLongName is not null)
        {
            path = gnuLongName;
        }
        else
        {
            var name = Encoding.UTF8.GetString(UstarLayout.CString(header.Slice(UstarLayout.NameOffset, UstarLayout.NameLength)));
            var prefix = isPosix ? UstarLayout.CString(header.Slice(UstarLayout.PrefixOffset, UstarLayout.PrefixLength)) : default;
            path = prefix.IsEmpty ? name : Encoding.UTF8.GetString(prefix) + "/" + name;
        }

        if (path.Length == 0)
        {
            throw new TarFormatException("entry with an empty name", headerOffset);
        }

        foreach (var key in pax.Keys)
        {
            if (key.StartsWith("GNU.sparse.", StringComparison.Ordinal))
            {
                var sparseName = pax.TryGetValue("GNU.sparse.name", out var n) ? Encoding.UTF8.GetString(n) : path;
                throw new TarUnsupportedFeatureException($"GNU sparse file (PAX '{key}') is not supported; re-create the archive without --sparse", headerOffset, sparseName);
            }
        }

        var type = typeFlag switch
        {
            '0' or '\0' or '7' => path.EndsWith('/') ? TarEntryType.Directory : TarEntryType.RegularFile,
            '1' => TarEntryType.HardLink,
            '2' => TarEntryType.Symlink,
            '3' => TarEntryType.CharacterDevice,
            '4' => TarEntryType.BlockDevice,
            '5' or 'D' => TarEntryType.Directory,
            '6' => TarEntryType.Fifo,
            'S' => throw new TarUnsupportedFeatureException("GNU sparse file (typeflag 'S') is not supported; re-create the archive without --sparse", headerOffset, path),
            'M' => throw new TarUnsupportedFeatureException("GNU multi-volume continuation (typeflag 'M') is not supported", headerOffset, path),
            _ => throw new TarUnsupportedFeatureException($"unsupported entry type '{Printable(typeFlag)}'", headerOffset, path),
        };

        if (path.Length > 1)
        {
            path = path.TrimEnd('/');
            if (path.Length == 0)
            {
                path = "/";
            }
        }

        var size = pax.TryGetValue("size", out var paxSize) ? ParseDecimal(paxSize, "size", headerOffset, path) : headerSize;
        var mode = (int)(ParseField(UstarLayout.ModeOffset, UstarLayout.ModeLength, "mode", headerOffset, path) & 0xFFF);
        var uid = pax.TryGetValue("uid", out var paxUid) ? ParseDecimal(paxUid, "uid", headerOffset, path)
            : ParseField(UstarLayout.UidOffset, UstarLayout.UidLength, "uid", headerOffset, path);
        var gid = pax.TryGetValue("gid", out var paxGid) ? ParseDecimal(paxGid, "gid", headerOffset, path)
            : ParseField(UstarLayout.GidOffset, UstarLayout.GidLength, "gid", headerOffset, path);
        var mtime = pax.TryGetValue("mtime", out var paxTime) ? ParseTime(paxTime, headerOffset, path)
            : UnixTimestamp.FromSeconds(ParseField(UstarLayout.MtimeOffset, UstarLayout.MtimeLength, "mtime", headerOffset, path));

        string? linkTarget = null;
        if (type is TarEntryType.Symlink or TarEntryType.HardLink)
        {
            linkTarget = pax.TryGetValue("linkpath", out var paxLink) ? Encoding.UTF8.GetString(paxLink)
                : gnuLongLink ?? Encoding.UTF8.GetString(UstarLayout.CString(header.Slice(UstarLayout.LinkNameOffset, UstarLayout.LinkNameLength)));
            if (linkTarget.Length == 0)
            {
                throw new TarFormatException($"{type} without a link target", headerOffset, path);
            }
        }

        uint major = 0, minor = 0;
        if (type is TarEntryType.CharacterDevice or TarEntryType.BlockDevice)
        {
            major = (uint)(pax.TryGetValue("SCHILY.devmajor", out var pm) ? ParseDecimal(pm, "devmajor", headerOffset, path)
                : isPosix || isGnu ? ParseField(UstarLayout.DevMajorOffset, UstarLayout.DevMajorLength, "devmajor", headerOffset, path) : 0);
            minor = (uint)(pax.TryGetValue("SCHILY.devminor", out var pn) ? ParseDecimal(pn, "devminor", headerOffset, path)
                : isPosix || isGnu ? ParseField(UstarLayout.DevMinorOffset, UstarLayout.DevMinorLength, "devminor", headerOffset, path) : 0);
        }

        var xattrs = ExtractXattrs(pax, headerOffset, path);

        // Only regular files (and hardlinks carrying data, which PAX allows) expose data; for the rest it is skipped.
        var dataLength = size;
        _current = new TarEntryContentStream(this, path, dataLength);
        _currentPadding = Padded(dataLength) - dataLength;

        return new TarEntry
        {
            Path = path,
            Type = type,
            Mode = mode,
            Uid = uid,
            Gid = gid,
            Size = type is TarEntryType.RegularFile ? size : 0,
            ModificationTime = mtime,
            LinkTarget = linkTarget,
            DeviceMajor = major,
            DeviceMinor = minor,
            Xattrs = xattrs,
        };
    }

    private static string Printable(char c) => c is >= ' ' and < (char)0x7F ? c.ToString() : $"\\x{(int)c:x2}";

    private Dictionary<string, byte[]> Merge(Dictionary<string, byte[]>? local)
    {
        if (_global.Count == 0)
        {
            return local ?? new Dictionary<string, byte[]>(StringComparer.Ordinal);
        }

        var merged = new Dictionary<string, byte[]>(_global, StringComparer.Ordinal);
        if (local is not null)
        {
            foreach (var (key, value) in local)
            {
                merged[key] = value;
            }
        }

        return merged;
    }

    private static Dictionary<string, byte[]> ExtractXattrs(Dictionary<string, byte[]> pax, long headerOffset, string path)
    {
        var xattrs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in pax)
        {
            if (key.StartsWith("SCHILY.xattr.", StringComparison.Ordinal))
            {
                xattrs[key["SCHILY.xattr.".Length..]] = value;
            }
        }

        // libarchive (bsdtar) writes its own form: URL-encoded name, base64 value; SCHILY wins when both exist.
        foreach (var (key, value) in pax)
        {
            if (key.StartsWith("LIBARCHIVE.xattr.", StringComparison.Ordinal))
            {
                var name = Uri.UnescapeDataString(key["LIBARCHIVE.xattr.".Length..]);
                if (xattrs.ContainsKey(name))
                {
                    continue;
                }

                try
                {
                    var text = Encoding.ASCII.GetString(value);
                    var padded = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
                    xattrs[name] = Convert.FromBase64String(padded);
                }
                catch (FormatException)
                {
                    throw new TarFormatException($"PAX record '{key}' is not valid base64", headerOffset, path);
                }
            }
        }

        return xattrs;
    }

    private void VerifyChecksum(long headerOffset)
    {
        var stored = UstarLayout.ParseNumber(_header.AsSpan(UstarLayout.ChecksumOffset, UstarLayout.ChecksumLength));
        if (stored is null)
        {
            throw new TarFormatException("header checksum field is not a number (not a tar archive?)", headerOffset);
        }

        if (stored != UstarLayout.UnsignedChecksum(_header) && stored != UstarLayout.SignedChecksum(_header))
        {
            var name = Encoding.UTF8.GetString(UstarLayout.CString(_header.AsSpan(UstarLayout.NameOffset, UstarLayout.NameLength)));
            throw new TarFormatException($"header checksum mismatch (stored {stored}, computed {UstarLayout.UnsignedChecksum(_header)})", headerOffset, name);
        }
    }

    private long ParseField(int offset, int length, string field, long headerOffset, string? path)
    {
        var value = UstarLayout.ParseNumber(_header.AsSpan(offset, length));
        return value ?? throw new TarFormatException($"invalid numeric field '{field}'", headerOffset, path);
    }

    private static long ParseDecimal(byte[] value, string key, long headerOffset, string path)
    {
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var result))
        {
            return result;
        }

        throw new TarFormatException($"PAX record '{key}' has an invalid value '{Encoding.UTF8.GetString(value)}'", headerOffset, path);
    }

    private static UnixTimestamp ParseTime(byte[] value, long headerOffset, string path)
    {
        var text = Encoding.ASCII.GetString(value);
        var negative = text.StartsWith('-');
        var body = negative ? text[1..] : text;
        var dot = body.IndexOf('.', StringComparison.Ordinal);
        var secondsText = dot < 0 ? body : body[..dot];
        var fraction = dot < 0 ? string.Empty : body[(dot + 1)..];
        if (!long.TryParse(secondsText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || (fraction.Length > 0 && !fraction.All(char.IsAsciiDigit)))
        {
            throw new TarFormatException($"PAX record 'mtime' has an invalid value '{text}'", headerOffset, path);
        }

        // Digits past nanoseconds are dropped (truncation, as the kernel would).
        var nanos = fraction.Length == 0 ? 0 : int.Parse(fraction.PadRight(9, '0')[..9], CultureInfo.InvariantCulture);
        if (negative)
        {
            seconds = -seconds;
            if (nanos > 0)
            {
                seconds--;
                nanos = 1_000_000_000 - nanos;
            }
        }

        return new UnixTimestamp(seconds, nanos);
    }

    private static void ParsePax(byte[] data, Dictionary<string, byte[]> into, long headerOffset)
    {
        var span = data.AsSpan();
        var pos = 0;
        while (pos < span.Length)
        {
            if (span[pos] == 0)
            {
                break; // some writers pad the records with NULs
            }

            var space = span[pos..].IndexOf((byte)' ');
            if (space <= 0 || !int.TryParse(span.Slice(pos, space), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                || length <= space + 1 || pos + length > span.Length || span[pos + length - 1] != '\n')
            {
                throw new TarFormatException($"malformed PAX record at byte {pos} of the extended header", headerOffset);
            }

            var record = span.Slice(pos + space + 1, length - space - 2);
            var eq = record.IndexOf((byte)'=');
            if (eq <= 0)
            {
                throw new TarFormatException($"PAX record without a keyword at byte {pos} of the extended header", headerOffset);
            }

            into[Encoding.UTF8.GetString(record[..eq])] = record[(eq + 1)..].ToArray();
            pos += length;
        }
    }

    private byte[] ReadMetadata(long size, long headerOffset)
    {
        if (size > MaxMetadataBytes)
        {
            throw new TarFormatException($"extended header of {size} bytes exceeds the {MaxMetadataBytes}-byte limit", headerOffset);
        }

        var data = new byte[size];
        if (ReadFull(data) != size)
        {
            throw new TarFormatException("archive truncated inside an extended header", headerOffset);
        }

        SkipBytes(Padded(size) - size);
        return data;
    }

    private static long Padded(long size) => (size + UstarLayout.BlockSize - 1) / UstarLayout.BlockSize * UstarLayout.BlockSize;

    private void SkipCurrent()
    {
        if (_current is null)
        {
            return;
        }

        var remaining = _current.Remaining + _currentPadding;
        _current.Detached = true;
        _current = null;
        SkipBytes(remaining);
    }

    private void SkipBytes(long count)
    {
        if (count == 0)
        {
            return;
        }

        if (_input.CanSeek && count > UstarLayout.BlockSize)
        {
            var target = _input.Position + count;
            if (target > _input.Length)
            {
                throw new TarFormatException($"archive truncated: {target - _input.Length} bytes missing", Offset);
            }

            _input.Position = target;
            Offset += count;
            return;
        }

        var scratch = ArrayPool<byte>.Shared.Rent((int)Math.Min(count, 1 << 16));
        try
        {
            while (count > 0)
            {
                var n = ReadRaw(scratch.AsSpan(0, (int)Math.Min(count, scratch.Length)));
                if (n == 0)
                {
                    throw new TarFormatException($"archive truncated: {count} bytes missing", Offset);
                }

                count -= n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private int ReadFull(Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = ReadRaw(buffer[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
