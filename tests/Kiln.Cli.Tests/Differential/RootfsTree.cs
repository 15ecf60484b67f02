using System.IO.Compression;
using System.Security.Cryptography;
using Kiln.Archives.Tar;

namespace Kiln.Cli.Tests.Differential;

/// <summary>
/// A root filesystem read from tars as path → <see cref="FileSummary"/>: a plain rootfs tar (<c>kiln build -o type=tar</c>),
/// or image layers applied in order with OCI whiteouts (<c>.wh.NAME</c> removes, <c>.wh..wh..opq</c> empties a directory).
/// </summary>
public sealed class RootfsTree
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";

    private readonly SortedDictionary<string, FileSummary> _entries = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, FileSummary> Entries => _entries;

    public static RootfsTree FromTar(string path)
    {
        var tree = new RootfsTree();
        using var file = File.OpenRead(path);
        tree.Apply(file);
        return tree;
    }

    /// <summary>Applies one (possibly gzip-compressed) layer or rootfs tar on top of what is already there.</summary>
    public void Apply(Stream tar)
    {
        using var gzip = IsGzip(tar) ? new GZipStream(tar, CompressionMode.Decompress, leaveOpen: true) : null;
        using var reader = new TarReader(gzip ?? tar, leaveOpen: true);
        while (reader.GetNextEntry() is { } entry)
        {
            var path = Normalize(entry.Path);
            if (path.Length == 0)
            {
                continue;
            }

            var name = path[(path.LastIndexOf('/') + 1)..];
            var parent = path.Contains('/', StringComparison.Ordinal) ? path[..path.LastIndexOf('/')] : "";
            if (name == OpaqueMarker)
            {
                RemoveBelow(parent);
                continue;
            }

            if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
            {
                var removed = (parent.Length == 0 ? "" : parent + "/") + name[WhiteoutPrefix.Length..];
                Unlink(removed);
                _entries.Remove(removed);
                RemoveBelow(removed);
                continue;
            }

            if (entry.Type != TarEntryType.Directory)
            {
                RemoveBelow(path);
                Unlink(path);
            }

            _entries[path] = Summarize(entry, reader.Content);
        }
    }

    private FileSummary Summarize(TarEntry entry, Stream content)
    {
        var mode = entry.Mode & 0xFFF;
        switch (entry.Type)
        {
            case TarEntryType.RegularFile:
                return new FileSummary('f', mode, entry.Uid, entry.Gid, entry.Size, Convert.ToHexStringLower(SHA256.HashData(content)), null);
            case TarEntryType.HardLink:
                var target = Normalize(entry.LinkTarget ?? "");
                return _entries.TryGetValue(target, out var linked) ? linked with { Type = 'h', LinkTarget = target } : new FileSummary('h', mode, entry.Uid, entry.Gid, 0, null, target);
            case TarEntryType.Directory:
                return new FileSummary('d', mode, entry.Uid, entry.Gid, 0, null, null);
            case TarEntryType.Symlink:
                return new FileSummary('l', mode, entry.Uid, entry.Gid, 0, null, entry.LinkTarget);
            case TarEntryType.Fifo:
                return new FileSummary('p', mode, entry.Uid, entry.Gid, 0, null, null);
            default:
                return new FileSummary(entry.Type == TarEntryType.CharacterDevice ? 'c' : 'b', mode, entry.Uid, entry.Gid, 0, null, $"{entry.DeviceMajor},{entry.DeviceMinor}");
        }
    }

    // A later layer that replaces or deletes a name does not touch the other names of the inode it had: they keep the
    // old content as files of their own (a hardlink in a tar only ever refers to an entry of the same layer).
    private void Unlink(string path)
    {
        foreach (var (key, value) in _entries.Where(e => e.Value.Type == 'h' && e.Value.LinkTarget == path).ToList())
        {
            _entries[key] = value with { Type = 'f', LinkTarget = null };
        }
    }

    private void RemoveBelow(string directory)
    {
        var prefix = directory.Length == 0 ? "" : directory + "/";
        foreach (var key in _entries.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && k != directory).ToList())
        {
            _entries.Remove(key);
        }
    }

    private static string Normalize(string path)
    {
        var trimmed = path.Trim('/');
        while (trimmed.StartsWith("./", StringComparison.Ordinal))
        {
            trimmed = trimmed[2..];
        }

        return trimmed == "." ? "" : trimmed;
    }

    // The tar must be seekable (a file or a buffer): the first two bytes are peeked for the gzip magic.
    private static bool IsGzip(Stream tar)
    {
        var start = tar.Position;
        var magic = new byte[2];
        var read = tar.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        tar.Position = start;
        return read == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    }
}
