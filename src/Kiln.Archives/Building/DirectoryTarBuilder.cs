using System.Text;
using Kiln.Archives.Tar;
using Kiln.Archives.Whiteouts;
using Kiln.Linux;

namespace Kiln.Archives.Building;

/// <summary>
/// Packs a directory tree into a tar with <see cref="PaxTarWriter"/> reproducibly (ARCHITECTURE decision 2):
/// depth-first, each directory's children sorted by the ordinal order of their UTF-8 names, metadata from
/// lstat (no symlink followed), binary xattrs, devices and fifos, hardlinks kept as hardlinks (the first
/// path of a dev+inode in walk order is the file, later ones link to it). Sockets are skipped as tar cannot
/// hold them. The root directory itself is not an entry. Same tree, same bytes, in any process.
/// </summary>
public sealed class DirectoryTarBuilder
{
    private readonly LinuxFileSystem _fs;
    private readonly DirectoryTarBuilderOptions _options;

    public DirectoryTarBuilder(LinuxFileSystem fileSystem, DirectoryTarBuilderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        _fs = fileSystem;
        _options = options ?? new DirectoryTarBuilderOptions();
    }

    /// <summary>Writes every entry below <paramref name="sourceDirectory"/>; does not finish the archive.</summary>
    public void Write(string sourceDirectory, PaxTarWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var root = Path.GetFullPath(sourceDirectory);
        var rootStatus = _fs.LStat(root);
        if (rootStatus.Kind != FileKind.Directory)
        {
            throw new DirectoryNotFoundException($"'{root}' is not a directory");
        }

        var prefix = _options.PathPrefix.Trim('/');
        var links = new Dictionary<FileIdentity, string>();
        WriteDirectory(root, prefix, writer, links, cancellationToken);
    }

    private void WriteDirectory(string directory, string relative, PaxTarWriter writer, Dictionary<FileIdentity, string> links, CancellationToken cancellationToken)
    {
        var children = new List<(byte[] Key, string Name)>();
        foreach (var child in Directory.EnumerateFileSystemEntries(directory))
        {
            var name = Path.GetFileName(child);
            children.Add((Encoding.UTF8.GetBytes(name), name));
        }

        if (_options.OverlayUpperDirectory && relative.Length > 0 && IsOpaque(directory))
        {
            children.Add((Encoding.UTF8.GetBytes(OciWhiteout.OpaqueMarker), OciWhiteout.OpaqueMarker));
        }

        // The opaque marker goes first: it applies to the lower layers only, and appliers that read the tar in order (the
        // OCI spec says whiteouts SHOULD precede their siblings) would otherwise remove this layer's own entries before it.
        children.Sort(static (a, b) => (a.Name == OciWhiteout.OpaqueMarker, b.Name == OciWhiteout.OpaqueMarker) switch
        {
            (true, false) => -1,
            (false, true) => 1,
            _ => a.Key.AsSpan().SequenceCompareTo(b.Key),
        });
        foreach (var (_, name) in children)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var host = directory + "/" + name;
            var path = relative.Length == 0 ? name : relative + "/" + name;
            if (name == OciWhiteout.OpaqueMarker && _options.OverlayUpperDirectory && !File.Exists(host))
            {
                var dirStatus = _fs.LStat(directory);
                writer.WriteEntry(new TarEntry { Path = path, Type = TarEntryType.RegularFile, ModificationTime = dirStatus.ModificationTime });
                continue;
            }

            var status = _fs.LStat(host);
            WriteOne(host, path, status, writer, links);
            if (status.Kind == FileKind.Directory)
            {
                WriteDirectory(host, path, writer, links, cancellationToken);
            }
        }
    }

    private void WriteOne(string host, string path, FileStatus status, PaxTarWriter writer, Dictionary<FileIdentity, string> links)
    {
        if (status.Kind == FileKind.Socket)
        {
            return;
        }

        if (_options.OverlayUpperDirectory && status.Kind == FileKind.CharacterDevice && status.RDevMajor == 0 && status.RDevMinor == 0)
        {
            var slash = path.LastIndexOf('/');
            var whiteout = slash < 0 ? OciWhiteout.WhiteoutNameFor(path) : path[..(slash + 1)] + OciWhiteout.WhiteoutNameFor(path[(slash + 1)..]);
            writer.WriteEntry(new TarEntry { Path = whiteout, Type = TarEntryType.RegularFile, ModificationTime = status.ModificationTime });
            return;
        }

        var entry = new TarEntry
        {
            Path = path,
            Type = TarEntryType.RegularFile,
            Mode = status.Mode,
            Uid = status.Uid,
            Gid = status.Gid,
            ModificationTime = status.ModificationTime,
            Xattrs = ReadXattrs(host),
        };

        if (status.Kind != FileKind.Directory && status.LinkCount > 1)
        {
            if (links.TryGetValue(status.Identity, out var first))
            {
                writer.WriteEntry(entry with { Type = TarEntryType.HardLink, LinkTarget = first });
                return;
            }

            links[status.Identity] = path;
        }

        switch (status.Kind)
        {
            case FileKind.Regular:
                if (status.Size == 0)
                {
                    writer.WriteEntry(entry);
                    return;
                }

                using (var content = new FileStream(host, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan))
                {
                    writer.WriteEntry(entry with { Size = status.Size }, content);
                }

                return;
            case FileKind.Directory:
                writer.WriteEntry(entry with { Type = TarEntryType.Directory });
                return;
            case FileKind.Symlink:
                writer.WriteEntry(entry with { Type = TarEntryType.Symlink, LinkTarget = _fs.ReadLink(host) });
                return;
            case FileKind.CharacterDevice:
            case FileKind.BlockDevice:
                writer.WriteEntry(entry with
                {
                    Type = status.Kind == FileKind.CharacterDevice ? TarEntryType.CharacterDevice : TarEntryType.BlockDevice,
                    DeviceMajor = status.RDevMajor,
                    DeviceMinor = status.RDevMinor,
                });
                return;
            case FileKind.Fifo:
                writer.WriteEntry(entry with { Type = TarEntryType.Fifo });
                return;
            default:
                throw new TarWriteException(path, $"cannot archive a {status.Kind}");
        }
    }

    private bool IsOpaque(string directory) =>
        _fs.GetXattr(directory, _options.OverlayXattrPrefix + "opaque") is [(byte)'y'];

    private IReadOnlyDictionary<string, byte[]> ReadXattrs(string host)
    {
        var all = _fs.GetXattrs(host);
        if (all.Count == 0 || (_options.IncludeXattr is null && !_options.OverlayUpperDirectory))
        {
            return all;
        }

        var kept = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (name, value) in all)
        {
            if (_options.OverlayUpperDirectory && name.StartsWith(_options.OverlayXattrPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (_options.IncludeXattr is null || _options.IncludeXattr(name))
            {
                kept[name] = value;
            }
        }

        return kept;
    }
}
