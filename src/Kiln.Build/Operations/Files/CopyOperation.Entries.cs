using Kiln.Build.Context;
using Kiln.Linux;

namespace Kiln.Build.Operations.Files;

/// <summary>The recursive copy of one entry and its metadata (DF-COPY-DIR, DF-COPY-EXCLUDE, DF-COPY-CHOWN, DF-COPY-CHMOD).</summary>
internal sealed partial class CopyOperation
{
    // security.capability travels (BuildKit keeps file capabilities, e.g. ping's cap_net_raw); other
    // security.* (SELinux labels, IMA/EVM) belong to the host, overlay's private attributes to the mount.
    private static bool ShouldCopyXattr(string name) =>
        !(name.StartsWith("trusted.overlay.", StringComparison.Ordinal)
          || (name.StartsWith("security.", StringComparison.Ordinal) && name != "security.capability"));

    // BuildKit's copier.copy: overwriteTargetMetadata is false only for the top-level entry, whose
    // existing directory keeps its own mode, owner and times.
    private void CopyEntry(
        string sourceHost,
        FileStatus source,
        string components,
        PatternMatchInfo parentMatch,
        string targetRelative,
        bool overwriteTargetMetadata,
        List<PendingDirectory> pending,
        Dictionary<FileIdentity, string> links)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var match = default(PatternMatchInfo);
        if (components.Length > 0 && exclude is not null && exclude.Match(components, parentMatch, out match).IsMatch)
        {
            // An excluded directory is only entered when a later "!" pattern could bring something below
            // it back; it is then created on demand, like a --parents parent.
            if (source.Kind == FileKind.Directory && exclude.HasExceptions && exclude.CouldReincludeBelow(components))
            {
                pending.Add(new PendingDirectory(sourceHost, source, targetRelative));
                try
                {
                    CopyChildren(sourceHost, components, match, targetRelative, pending, links);
                }
                finally
                {
                    pending.RemoveAt(pending.Count - 1);
                }
            }

            return;
        }

        CreatePending(pending);
        var target = Host(targetRelative);
        var existing = fs.TryLStat(target);
        if (source.Kind != FileKind.Directory && existing is not null)
        {
            if (existing.Kind == FileKind.Directory)
            {
                throw new FileOperationException(
                    $"cannot replace to directory {Display(targetRelative)} with file; the destination already has a directory there, so copy the file to another path or remove the directory first");
            }

            // A file, symlink or node in the way is replaced, never written through.
            fs.Unlink(target);
        }

        var applyMetadata = true;
        switch (source.Kind)
        {
            case FileKind.Directory:
                var created = CreateDirectory(target, targetRelative, source, existing, overwriteTargetMetadata);
                directories++;
                CopyChildren(sourceHost, components, match, targetRelative, pending, links);
                applyMetadata = overwriteTargetMetadata || created;
                break;
            case FileKind.Regular:
                if (source.LinkCount > 1 && links.TryGetValue(source.Identity, out var first))
                {
                    fs.CreateHardLink(first, target);
                    hardLinks++;
                }
                else
                {
                    // File.Copy clones or uses the kernel's in-kernel copy where it can; the content is read once.
                    File.Copy(sourceHost, target, overwrite: false);
                    Interlocked.Add(ref bytes, source.Size);
                    if (source.LinkCount > 1)
                    {
                        links[source.Identity] = target;
                    }
                }

                Interlocked.Increment(ref files);
                break;
            case FileKind.Symlink:
                fs.CreateSymlink(fs.ReadLink(sourceHost), target);
                symlinks++;
                break;
            case FileKind.CharacterDevice or FileKind.BlockDevice or FileKind.Fifo:
                fs.MakeNode(target, source.Kind, source.Mode, source.RDevMajor, source.RDevMinor);
                specialFiles++;
                break;
            default:
                // A Unix socket is only meaningful to the process that bound it.
                skippedSockets++;
                return;
        }

        if (applyMetadata)
        {
            ApplyMetadata(sourceHost, source, target);
        }
    }

    private void CopyChildren(
        string sourceHost,
        string components,
        PatternMatchInfo match,
        string targetRelative,
        List<PendingDirectory> pending,
        Dictionary<FileIdentity, string> links)
    {
        var names = Directory.EnumerateFileSystemEntries(sourceHost)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(ByteWiseNameComparer.Instance)
            .ToList();

        // Plain files (one link, no --exclude patterns to match) need nothing from their siblings: a directory with
        // many of them copies them in parallel, after the others, so that creating files overlaps copying bytes.
        List<(string Host, FileStatus Status, string Name)>? plain = null;
        var parallel = exclude is null && names.Count >= ParallelCopyThreshold;
        foreach (var name in names)
        {
            var childHost = sourceHost + "/" + name;
            if (request.SourceFilter is { } filter && !filter(Path.GetRelativePath(currentSourceRoot, childHost)))
            {
                continue; // hidden by the context's ignore file
            }

            if (fs.TryLStat(childHost) is not { } child)
            {
                continue; // vanished while copying
            }

            if (parallel && child is { Kind: FileKind.Regular, LinkCount: 1 })
            {
                (plain ??= []).Add((childHost, child, name));
                continue;
            }

            CopyEntry(childHost, child, JoinRelative(components, name), match, JoinRelative(targetRelative, name), overwriteTargetMetadata: true, pending, links);
        }

        if (plain is not null)
        {
            CopyPlainFiles(plain, components, match, targetRelative, pending, links);
        }
    }

    private void CopyPlainFiles(
        List<(string Host, FileStatus Status, string Name)> plain,
        string components,
        PatternMatchInfo match,
        string targetRelative,
        List<PendingDirectory> pending,
        Dictionary<FileIdentity, string> links)
    {
        // Every pending parent is created first, so the workers only read the list.
        CreatePending(pending);
        try
        {
            Parallel.ForEach(
                plain,
                new ParallelOptions { MaxDegreeOfParallelism = CopyWorkers, CancellationToken = cancellationToken },
                file => CopyEntry(file.Host, file.Status, JoinRelative(components, file.Name), match, JoinRelative(targetRelative, file.Name), overwriteTargetMetadata: true, pending, links));
        }
        catch (AggregateException e)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    // Returns true when the directory was created (it then gets the source's metadata).
    private bool CreateDirectory(string target, string targetRelative, FileStatus source, FileStatus? existing, bool overwriteTargetMetadata)
    {
        if (existing is null)
        {
            fs.MakeDirectory(target, source.Mode);
            return true;
        }

        if (existing.Kind != FileKind.Directory)
        {
            throw NotADirectory(targetRelative);
        }

        if (overwriteTargetMetadata)
        {
            fs.Chmod(target, source.Mode);
        }

        return false;
    }

    private void CreatePending(List<PendingDirectory> pending)
    {
        foreach (var directory in pending)
        {
            if (directory.Done)
            {
                continue;
            }

            var target = Host(directory.TargetRelative);
            var existing = fs.TryLStat(target);
            if (CreateDirectory(target, directory.TargetRelative, directory.Source, existing, overwriteTargetMetadata: true))
            {
                ApplyMetadata(directory.SourceHostPath, directory.Source, target);
            }

            directory.Done = true;
        }
    }

    // Owner first (chown clears setuid/setgid and file capabilities), then mode, times, xattrs, as BuildKit.
    private void ApplyMetadata(string sourceHost, FileStatus source, string target)
    {
        var owner = request.Chown ?? (request.PreserveOwnership ? new Ownership(source.Uid, source.Gid) : Ownership.Root);
        fs.LChown(target, owner.Uid, owner.Gid);
        if (source.Kind != FileKind.Symlink)
        {
            var mode = request.Chmod is { } chmod ? chmod.Apply(source.Mode, source.Kind == FileKind.Directory) : source.Mode;
            fs.Chmod(target, mode);
        }

        fs.SetTimes(target, source.ModificationTime, source.AccessTime);
        foreach (var name in fs.ListXattrs(sourceHost))
        {
            if (!ShouldCopyXattr(name) || fs.GetXattr(sourceHost, name) is not { } value)
            {
                continue;
            }

            try
            {
                fs.SetXattr(target, name, value);
            }
            catch (Kiln.Linux.Errors.LinuxIOException)
            {
                // As BuildKit: an attribute the target filesystem refuses (user.* on a symlink, trusted.*
                // without the capability) is dropped, not fatal.
            }
        }
    }
}
