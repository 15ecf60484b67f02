using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Kiln.Build.Context.Hashing;

/// <summary>The on-disk form of the <see cref="StatCache"/>: load with validation, atomic save, eviction.</summary>
public sealed partial class StatCache
{
    // Layout (little-endian): magic, format version, run number, entry count, entries, SHA-256 of all before.
    private static ReadOnlySpan<byte> Magic => "KILNSTAT"u8;

    // Version 2 added the flags byte (bit 0: no extended attributes).
    private const uint FormatVersion = 2;
    private const int HeaderSize = 8 + 4 + 8 + 4;
    private const int FixedEntrySize = 2 + 1 + (8 * 6) + (4 * 5) + 32 + 1;

    /// <summary>
    /// Writes the cache atomically (temp file in the same directory, then renamed over the old one),
    /// dropping entries idle for <see cref="StatCacheOptions.MaxIdleRuns"/> runs and the least recently used
    /// beyond <see cref="StatCacheOptions.MaxEntries"/>. A run that recorded nothing and used no entry close
    /// to its idle limit writes nothing (and so does not count as a run). The file is not fsynced: it is a
    /// cache whose checksum is verified on load, so a file torn by a crash is simply ignored.
    /// </summary>
    public void Save()
    {
        byte[] bytes;
        lock (gate)
        {
            EnsureLoaded();
            if (!dirty && LoadState != StatCacheLoadState.Corrupt)
            {
                return;
            }

            Evict();
            bytes = Serialize();
            dirty = false;
        }

        System.IO.Directory.CreateDirectory(Directory);
        var temp = Path.Combine(Directory, $".{Options.FileName}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0))
            {
                stream.Write(bytes);
            }

            File.Move(temp, FilePath, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private void EnsureLoaded()
    {
        if (LoadState != StatCacheLoadState.NotLoaded)
        {
            return;
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(FilePath);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            LoadState = StatCacheLoadState.Missing;
            currentRun = 1;
            return;
        }

        if (TryParse(bytes, entries, out var run))
        {
            LoadState = StatCacheLoadState.Loaded;
            currentRun = run + 1;
        }
        else
        {
            entries.Clear();
            LoadState = StatCacheLoadState.Corrupt;
            currentRun = 1;
        }
    }

    private static bool TryParse(byte[] bytes, Dictionary<string, StatCacheEntry> into, out long run)
    {
        run = 0;
        if (bytes.Length < HeaderSize + SHA256.HashSizeInBytes || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            return false;
        }

        var body = bytes.AsSpan(0, bytes.Length - SHA256.HashSizeInBytes);
        Span<byte> checksum = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(body, checksum);
        if (!checksum.SequenceEqual(bytes.AsSpan(body.Length)))
        {
            return false;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(body[8..]) != FormatVersion)
        {
            return false;
        }

        run = BinaryPrimitives.ReadInt64LittleEndian(body[12..]);
        var count = BinaryPrimitives.ReadUInt32LittleEndian(body[20..]);
        var position = HeaderSize;
        for (var i = 0u; i < count; i++)
        {
            if (body.Length - position < FixedEntrySize)
            {
                return false;
            }

            var rest = body[position..];
            var pathLength = BinaryPrimitives.ReadUInt16LittleEndian(rest);
            if (rest.Length < FixedEntrySize + pathLength)
            {
                return false;
            }

            var path = Encoding.UTF8.GetString(rest.Slice(2, pathLength));
            var f = rest[(2 + pathLength)..];
            var kind = (FileNodeKind)f[0];
            if (!Enum.IsDefined(kind))
            {
                return false;
            }

            var metadata = new FileMetadata(
                kind,
                BinaryPrimitives.ReadUInt32LittleEndian(f[49..]),
                BinaryPrimitives.ReadUInt32LittleEndian(f[53..]),
                BinaryPrimitives.ReadUInt32LittleEndian(f[57..]),
                BinaryPrimitives.ReadInt64LittleEndian(f[17..]),
                BinaryPrimitives.ReadUInt64LittleEndian(f[1..]),
                BinaryPrimitives.ReadUInt64LittleEndian(f[9..]),
                BinaryPrimitives.ReadInt64LittleEndian(f[25..]),
                BinaryPrimitives.ReadInt64LittleEndian(f[33..]),
                BinaryPrimitives.ReadUInt32LittleEndian(f[61..]),
                BinaryPrimitives.ReadUInt32LittleEndian(f[65..]));
            var lastSeen = BinaryPrimitives.ReadInt64LittleEndian(f[41..]);
            var sha = f.Slice(69, SHA256.HashSizeInBytes).ToArray();
            into[path] = new StatCacheEntry(metadata, sha, (f[101] & 1) != 0, lastSeen);
            position += FixedEntrySize + pathLength;
        }

        return position == body.Length;
    }

    private byte[] Serialize()
    {
        var writer = new ArrayBufferWriter<byte>(HeaderSize + (entries.Count * (FixedEntrySize + 64)) + SHA256.HashSizeInBytes);
        var header = writer.GetSpan(HeaderSize);
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], FormatVersion);
        BinaryPrimitives.WriteInt64LittleEndian(header[12..], currentRun);
        writer.Advance(HeaderSize);

        var written = 0u;
        foreach (var (path, entry) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var pathBytes = Encoding.UTF8.GetBytes(path);
            if (pathBytes.Length > ushort.MaxValue)
            {
                continue;
            }

            var span = writer.GetSpan(FixedEntrySize + pathBytes.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)pathBytes.Length);
            pathBytes.CopyTo(span[2..]);
            var f = span[(2 + pathBytes.Length)..];
            var m = entry.Metadata;
            f[0] = (byte)m.Kind;
            BinaryPrimitives.WriteUInt64LittleEndian(f[1..], m.Device);
            BinaryPrimitives.WriteUInt64LittleEndian(f[9..], m.Inode);
            BinaryPrimitives.WriteInt64LittleEndian(f[17..], m.Size);
            BinaryPrimitives.WriteInt64LittleEndian(f[25..], m.ModifiedNs);
            BinaryPrimitives.WriteInt64LittleEndian(f[33..], m.ChangedNs);
            BinaryPrimitives.WriteInt64LittleEndian(f[41..], entry.LastSeenRun);
            BinaryPrimitives.WriteUInt32LittleEndian(f[49..], m.Mode);
            BinaryPrimitives.WriteUInt32LittleEndian(f[53..], m.Uid);
            BinaryPrimitives.WriteUInt32LittleEndian(f[57..], m.Gid);
            BinaryPrimitives.WriteUInt32LittleEndian(f[61..], m.RDevMajor);
            BinaryPrimitives.WriteUInt32LittleEndian(f[65..], m.RDevMinor);
            entry.ContentSha256.CopyTo(f[69..]);
            f[101] = entry.NoExtendedAttributes ? (byte)1 : (byte)0;
            writer.Advance(FixedEntrySize + pathBytes.Length);
            written++;
        }

        var result = new byte[writer.WrittenCount + SHA256.HashSizeInBytes];
        writer.WrittenSpan.CopyTo(result);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(20), written);
        SHA256.HashData(result.AsSpan(0, writer.WrittenCount), result.AsSpan(writer.WrittenCount));
        return result;
    }

    private void Evict()
    {
        var oldestKept = currentRun - Math.Max(1, Options.MaxIdleRuns) + 1;
        List<string>? drop = null;
        foreach (var (path, entry) in entries)
        {
            if (entry.LastSeenRun < oldestKept)
            {
                (drop ??= []).Add(path);
            }
        }

        foreach (var path in drop ?? [])
        {
            entries.Remove(path);
        }

        var excess = entries.Count - Math.Max(0, Options.MaxEntries);
        if (excess > 0)
        {
            foreach (var path in entries.OrderBy(e => e.Value.LastSeenRun).ThenBy(e => e.Key, StringComparer.Ordinal).Take(excess).Select(e => e.Key).ToList())
            {
                entries.Remove(path);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
