using Kiln.Archives.Tar;
using Kiln.Archives.Whiteouts;
using Kiln.Linux;
using Kiln.Linux.Errors;

namespace Kiln.Archives.Extraction;

/// <summary>
/// Extracts a tar into a root directory so that no entry can touch anything outside it (issue 3 "Safe
/// extraction"). Entry paths lose leading '/', and '..' may not climb above the root. Parents are resolved
/// one component at a time with lstat; a symlink met on the way is resolved as if the root were '/'
/// (an absolute target restarts at the root, '..' stops at it), so `link -> /etc` then `link/passwd`
/// writes <c>root/etc/passwd</c>. The final component is never followed: whatever is there is removed
/// first and the new object is created exclusively. Hardlink targets resolve the same way and must exist.
/// Whiteouts are applied per OCI (only to what lower layers left), or turned into overlayfs markers.
/// Ownership, modes (setuid included), xattrs, nanosecond mtimes and devices are restored (as root).
/// </summary>
public sealed class SafeExtractor
{
    private const int MaxSymlinkHops = 40;

    private readonly LinuxFileSystem _fs;
    private readonly SafeExtractorOptions _options;

    public SafeExtractor(LinuxFileSystem fileSystem, SafeExtractorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        _fs = fileSystem;
        _options = options ?? new SafeExtractorOptions();
    }

    /// <summary>Reads the tar from <paramref name="tar"/> (left open) and extracts it under <paramref name="rootDirectory"/> (created if missing).</summary>
    public ExtractionResult Extract(Stream tar, string rootDirectory, CancellationToken cancellationToken = default)
    {
        using var reader = new TarReader(tar, leaveOpen: true);
        return Extract(reader, rootDirectory, cancellationToken);
    }

    public ExtractionResult Extract(TarReader reader, string rootDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Directory.CreateDirectory(rootDirectory);
        var run = new Run(this, Path.GetFullPath(rootDirectory).TrimEnd('/'));
        while (reader.GetNextEntry() is { } read)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if ((_options.TransformEntry is null ? read : _options.TransformEntry(read)) is not { } entry)
            {
                continue;
            }

            try
            {
                run.ExtractEntry(entry, reader.Content);
            }
            catch (LinuxIOException e)
            {
                throw new ArchiveExtractionException(entry.Path, e.Message, e);
            }
        }

        run.FinishDirectories();
        return new ExtractionResult(run.Entries, run.ContentBytes, run.Whiteouts);
    }

    /// <summary>
    /// Splits an entry path into components: empty and '.' parts dropped (so a leading '/' is stripped),
    /// '..' removes the previous component and may not climb above the root.
    /// </summary>
    internal static List<string> SplitEntryPath(string raw, string entryPath)
    {
        var parts = new List<string>();
        foreach (var part in raw.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    throw new UnsafeArchiveEntryException(entryPath, $"path '{raw}' climbs above the root with '..'");
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        return parts;
    }

    /// <summary>The state of one extraction: which paths this archive wrote, directories awaiting their mtime.</summary>
    private sealed class Run(SafeExtractor owner, string root)
    {
        private readonly LinuxFileSystem _fs = owner._fs;
        private readonly SafeExtractorOptions _options = owner._options;
        private readonly HashSet<string> _touched = new(StringComparer.Ordinal);
        private readonly List<(string Host, UnixTimestamp Time)> _directoryTimes = [];
        private byte[]? _copyBuffer;

        public int Entries { get; private set; }

        public long ContentBytes { get; private set; }

        public int Whiteouts { get; private set; }

        public void ExtractEntry(TarEntry entry, Stream content)
        {
            Entries++;
            var parts = SplitEntryPath(entry.Path, entry.Path);
            if (parts.Count == 0)
            {
                if (entry.Type != TarEntryType.Directory)
                {
                    throw new UnsafeArchiveEntryException(entry.Path, $"a {entry.Type} cannot replace the root directory");
                }

                ApplyMetadata(entry, root);
                return;
            }

            var name = parts[^1];
            if (_options.Whiteouts != WhiteoutHandling.Keep && entry.Type == TarEntryType.RegularFile)
            {
                var kind = OciWhiteout.Classify(name, out var hidden);
                if (kind != WhiteoutKind.None)
                {
                    ApplyWhiteout(entry, parts, kind, hidden!);
                    return;
                }
            }

            var parent = ResolveDirectory(parts, parts.Count - 1, create: true, entry.Path)!;
            var host = parent + "/" + name;
            var existing = _fs.TryLStat(host);

            switch (entry.Type)
            {
                case TarEntryType.Directory:
                    if (existing is null || existing.Kind != FileKind.Directory)
                    {
                        Remove(existing, host);
                        _fs.MakeDirectory(host, 0b111_000_000);
                    }

                    _touched.Add(host);
                    ApplyMetadata(entry, host);
                    return;
                case TarEntryType.RegularFile:
                    Remove(existing, host);
                    WriteFile(entry, host, content);
                    break;
                case TarEntryType.Symlink:
                    Remove(existing, host);
                    _fs.CreateSymlink(entry.LinkTarget!, host);
                    break;
                case TarEntryType.HardLink:
                    CreateHardLink(entry, host, existing);
                    _touched.Add(host);
                    return;
                case TarEntryType.CharacterDevice:
                case TarEntryType.BlockDevice:
                case TarEntryType.Fifo:
                    Remove(existing, host);
                    var fileKind = entry.Type switch
                    {
                        TarEntryType.CharacterDevice => FileKind.CharacterDevice,
                        TarEntryType.BlockDevice => FileKind.BlockDevice,
                        _ => FileKind.Fifo,
                    };
                    _fs.MakeNode(host, fileKind, 0b110_000_000, entry.DeviceMajor, entry.DeviceMinor);
                    break;
                default:
                    throw new ArchiveExtractionException(entry.Path, $"entry type {entry.Type} is not supported");
            }

            _touched.Add(host);
            ApplyMetadata(entry, host);
        }

        public void FinishDirectories()
        {
            // Children change their directory's mtime, so directories get theirs last, deepest first.
            for (var i = _directoryTimes.Count - 1; i >= 0; i--)
            {
                var (host, time) = _directoryTimes[i];
                try
                {
                    _fs.SetTimes(host, time);
                }
                catch (LinuxFileNotFoundException)
                {
                    // Removed by a later whiteout or replaced: nothing to stamp.
                }
            }
        }

        private void Remove(FileStatus? existing, string host)
        {
            if (existing is not null)
            {
                _fs.RemoveTree(host);
            }
        }

        private void WriteFile(TarEntry entry, string host, Stream content)
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew, // O_EXCL: never opens through a symlink planted at this name
                Access = FileAccess.Write,
                Share = FileShare.None,
                BufferSize = 0,
            };
            using var file = new FileStream(host, options);
            if (entry.Size == 0)
            {
                return;
            }

            _copyBuffer ??= new byte[1 << 20];
            long total = 0;
            int read;
            while ((read = content.Read(_copyBuffer, 0, _copyBuffer.Length)) > 0)
            {
                file.Write(_copyBuffer, 0, read);
                total += read;
            }

            ContentBytes += total;
        }

        private void CreateHardLink(TarEntry entry, string host, FileStatus? existing)
        {
            var targetParts = SplitEntryPath(entry.LinkTarget!, entry.Path);
            if (targetParts.Count == 0)
            {
                throw new UnsafeArchiveEntryException(entry.Path, "hardlink to the root directory");
            }

            var targetParent = ResolveDirectory(targetParts, targetParts.Count - 1, create: false, entry.Path)
                ?? throw new ArchiveExtractionException(entry.Path, $"hardlink target '{entry.LinkTarget}' does not exist");
            var targetHost = targetParent + "/" + targetParts[^1];
            var target = _fs.TryLStat(targetHost)
                ?? throw new ArchiveExtractionException(entry.Path, $"hardlink target '{entry.LinkTarget}' does not exist");
            if (target.Kind == FileKind.Directory)
            {
                throw new UnsafeArchiveEntryException(entry.Path, $"hardlink to directory '{entry.LinkTarget}'");
            }

            if (targetHost == host)
            {
                return;
            }

            Remove(existing, host);
            _fs.CreateHardLink(targetHost, host);
        }

        private void ApplyWhiteout(TarEntry entry, List<string> parts, WhiteoutKind kind, string hidden)
        {
            Whiteouts++;
            if (kind == WhiteoutKind.Whiteout && !OciWhiteout.IsValidHiddenName(hidden))
            {
                throw new UnsafeArchiveEntryException(entry.Path, $"whiteout names '{hidden}', which is not a sibling entry");
            }

            var overlay = _options.Whiteouts == WhiteoutHandling.Overlay;
            var parent = ResolveDirectory(parts, parts.Count - 1, create: overlay, entry.Path);
            if (parent is null)
            {
                return; // nothing below a missing directory to hide
            }

            if (kind == WhiteoutKind.Opaque)
            {
                if (overlay)
                {
                    _fs.SetXattr(parent, _options.OverlayOpaqueXattr, "y"u8);
                }
                else
                {
                    ClearLowerContent(parent);
                }

                return;
            }

            var target = parent + "/" + hidden;
            if (_touched.Contains(target))
            {
                return; // OCI: a whiteout hides lower layers only, not this layer's own entry
            }

            _fs.RemoveTree(target);
            if (overlay)
            {
                _fs.MakeNode(target, FileKind.CharacterDevice, 0, 0, 0);
                _touched.Add(target);
            }
        }

        /// <summary>Removes what lower layers put in <paramref name="directory"/>, keeping (recursively) what this archive wrote.</summary>
        private void ClearLowerContent(string directory)
        {
            foreach (var child in Directory.EnumerateFileSystemEntries(directory).ToList())
            {
                if (!_touched.Contains(child))
                {
                    _fs.RemoveTree(child);
                }
                else if (_fs.TryLStat(child) is { Kind: FileKind.Directory })
                {
                    ClearLowerContent(child);
                }
            }
        }

        /// <summary>
        /// Resolves the first <paramref name="count"/> components to a real directory inside the root, following
        /// symlinks with the root as '/'. Missing directories are created (0755) or, without <paramref name="create"/>, give null.
        /// </summary>
        private string? ResolveDirectory(List<string> parts, int count, bool create, string entryPath)
        {
            var resolved = new List<string>();
            var pending = new Stack<string>();
            for (var i = count - 1; i >= 0; i--)
            {
                pending.Push(parts[i]);
            }

            var hops = 0;
            var current = root;
            while (pending.Count > 0)
            {
                var part = pending.Pop();
                if (part.Length == 0 || part == ".")
                {
                    continue;
                }

                if (part == "..")
                {
                    if (resolved.Count > 0)
                    {
                        resolved.RemoveAt(resolved.Count - 1);
                        current = resolved.Count == 0 ? root : root + "/" + string.Join('/', resolved);
                    }

                    continue;
                }

                var candidate = current + "/" + part;
                var status = _fs.TryLStat(candidate);
                if (status is null)
                {
                    if (!create)
                    {
                        return null;
                    }

                    _fs.MakeDirectory(candidate, 0b111_101_101);
                    _fs.Chmod(candidate, 0b111_101_101);
                    status = _fs.LStat(candidate);
                }

                switch (status.Kind)
                {
                    case FileKind.Directory:
                        resolved.Add(part);
                        current = candidate;

                        // Lower-layer directories that will hold this archive's entries must survive an opaque
                        // marker; a mere lookup (whiteout, hardlink target) does not make them this layer's.
                        if (create)
                        {
                            _touched.Add(candidate);
                        }

                        break;
                    case FileKind.Symlink:
                        if (++hops > MaxSymlinkHops)
                        {
                            throw new UnsafeArchiveEntryException(entryPath, $"more than {MaxSymlinkHops} symlinks in its parent path");
                        }

                        var target = _fs.ReadLink(candidate);
                        if (target.StartsWith('/'))
                        {
                            resolved.Clear();
                            current = root;
                        }

                        var targetParts = target.Split('/');
                        for (var i = targetParts.Length - 1; i >= 0; i--)
                        {
                            pending.Push(targetParts[i]);
                        }

                        break;
                    default:
                        throw new ArchiveExtractionException(entryPath, $"parent '{candidate[(root.Length + 1)..]}' is a {status.Kind}, not a directory");
                }
            }

            return current;
        }

        private void ApplyMetadata(TarEntry entry, string host)
        {
            if (_options.PreserveOwnership)
            {
                if (entry.Uid is < 0 or >= uint.MaxValue || entry.Gid is < 0 or >= uint.MaxValue)
                {
                    throw new ArchiveExtractionException(entry.Path, $"uid/gid {entry.Uid}/{entry.Gid} out of range");
                }

                _fs.LChown(host, (uint)entry.Uid, (uint)entry.Gid);
            }

            // After chown, which clears setuid/setgid and security.capability.
            if (entry.Type != TarEntryType.Symlink)
            {
                _fs.Chmod(host, entry.Mode);
            }

            if (_options.PreserveXattrs)
            {
                foreach (var (name, value) in entry.Xattrs)
                {
                    if (_options.IncludeXattr is null || _options.IncludeXattr(name))
                    {
                        _fs.SetXattr(host, name, value);
                    }
                }
            }

            if (entry.Type == TarEntryType.Directory)
            {
                _directoryTimes.Add((host, entry.ModificationTime));
            }
            else
            {
                _fs.SetTimes(host, entry.ModificationTime);
            }
        }
    }
}
