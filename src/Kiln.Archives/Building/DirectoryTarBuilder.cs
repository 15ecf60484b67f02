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

        ReportOverlayXattrsOf(root);
        var prefix = _options.PathPrefix.Trim('/');
        var links = new Dictionary<FileIdentity, string>();
        WriteDirectory(root, prefix, writer, links, cancellationToken);
    }

    private void WriteDirectory(string directory, string relative, PaxTarWriter writer, Dictionary<FileIdentity, string> links, CancellationToken cancellationToken)
    {
        var entries = _fs.ReadDirectory(directory);
        var children = new List<(byte[] Key, string Name, FileKind? Kind)>(entries.Count + 1);
        foreach (var entry in entries)
        {
            children.Add((Encoding.UTF8.GetBytes(entry.Name), entry.Name, entry.Kind));
        }

        if (_options.OverlayUpperDirectory && relative.Length > 0 && IsOpaque(directory))
        {
            children.Add((Encoding.UTF8.GetBytes(OciWhiteout.OpaqueMarker), OciWhiteout.OpaqueMarker, null));
        }

        // The opaque marker goes first: it applies to the lower layers only, and appliers that read the tar in order (the
        // OCI spec says whiteouts SHOULD precede their siblings) would otherwise remove this layer's own entries before it.
        children.Sort(static (a, b) => (a.Name == OciWhiteout.OpaqueMarker, b.Name == OciWhiteout.OpaqueMarker) switch
        {
            (true, false) => -1,
            (false, true) => 1,
            _ => a.Key.AsSpan().SequenceCompareTo(b.Key),
        });
        foreach (var (_, name, kind) in children)
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

            // A regular file (as readdir's d_type tells) is opened once: status, xattrs and content all come from
            // that descriptor. Anything else, or a file that changed kind since readdir, goes by its path.
            using var file = kind == FileKind.Regular ? _fs.TryOpenRegularFile(host) : null;
            var status = file?.Status ?? _fs.LStat(host);
            WriteOne(host, path, status, file, writer, links);
            if (status.Kind == FileKind.Directory)
            {
                WriteDirectory(host, path, writer, links, cancellationToken);
            }
        }
    }

    private void WriteOne(string host, string path, FileStatus status, RegularFileReader? file, PaxTarWriter writer, Dictionary<FileIdentity, string> links)
    {
        if (status.Kind == FileKind.Socket)
        {
            ReportOverlayXattrsOf(host);
            return;
        }

        if (_options.OverlayUpperDirectory && status.Kind == FileKind.CharacterDevice && status.RDevMajor == 0 && status.RDevMinor == 0)
        {
            ReportOverlayXattrsOf(host);
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
            Xattrs = ArchivedXattrs(host, file is null ? _fs.GetXattrs(host) : file.GetXattrs()),
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

                if (file is not null)
                {
                    writer.WriteEntry(entry with { Size = status.Size }, file);
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

    // The xattrs that go into the archive: without the overlay's own in an upper dir, and only those IncludeXattr keeps.
    private IReadOnlyDictionary<string, byte[]> ArchivedXattrs(string host, IReadOnlyDictionary<string, byte[]> all)
    {
        if (all.Count == 0 || (_options.IncludeXattr is null && !_options.OverlayUpperDirectory))
        {
            return all;
        }

        ReportOverlayXattrs(host, all.Keys);
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

    // The root and the entries that are not archived (a socket, a whiteout) may still carry the overlay's xattrs.
    private void ReportOverlayXattrsOf(string host)
    {
        if (_options.OverlayBookkeepingFound is not null && _options.OverlayUpperDirectory)
        {
            ReportOverlayXattrs(host, _fs.ListXattrs(host));
        }
    }

    // Tells OverlayBookkeepingFound which overlay xattrs other than opaque an entry of an upper dir carries, if any.
    private void ReportOverlayXattrs(string host, IEnumerable<string> names)
    {
        if (_options.OverlayBookkeepingFound is not { } found || !_options.OverlayUpperDirectory)
        {
            return;
        }

        var prefix = _options.OverlayXattrPrefix;
        List<string>? bookkeeping = null;
        foreach (var name in names)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal) && !name.AsSpan(prefix.Length).SequenceEqual("opaque"))
            {
                (bookkeeping ??= []).Add(name);
            }
        }

        if (bookkeeping is not null)
        {
            found(host, bookkeeping);
        }
    }
}
