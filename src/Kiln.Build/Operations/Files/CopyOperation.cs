using Kiln.Build.Context;
using Kiln.Linux;

namespace Kiln.Build.Operations.Files;

/// <summary>
/// One <see cref="FileCopier.Copy"/> call: the destination rules (DF-COPY-DEST) and the per-source setup
/// (DF-COPY-SYMLINK, DF-COPY-PARENTS); the tree walk is in <c>CopyOperation.Entries.cs</c>.
/// </summary>
internal sealed partial class CopyOperation
{
    private const int CreatedDirectoryMode = 0x1ED; // 0755

    // A directory with at least this many entries copies its plain files in parallel, with this many workers.
    private const int ParallelCopyThreshold = 16;
    private static readonly int CopyWorkers = Math.Clamp(Environment.ProcessorCount, 2, 8);

    private readonly LinuxFileSystem fs;
    private readonly CopyRequest request;
    private string currentSourceRoot = "/";
    private readonly CancellationToken cancellationToken;
    private readonly string targetRoot;
    private readonly PatternMatcher? exclude;
    private readonly Ownership createdOwner;

    private long files;
    private long directories;
    private long symlinks;
    private long specialFiles;
    private long hardLinks;
    private long bytes;
    private long skippedSockets;

    public CopyOperation(LinuxFileSystem fs, CopyRequest request, CancellationToken cancellationToken)
    {
        this.fs = fs;
        this.request = request;
        this.cancellationToken = cancellationToken;
        targetRoot = RootedPath.NormalizeRoot(request.TargetRoot);
        if (fs.TryLStat(targetRoot) is not { Kind: FileKind.Directory })
        {
            throw new FileOperationException($"the COPY target root {request.TargetRoot} is not a directory");
        }

        createdOwner = request.Chown ?? Ownership.Root;
        if (request.Exclude is { Count: > 0 } patterns)
        {
            try
            {
                exclude = PatternMatcher.Create(patterns, "--exclude");
            }
            catch (IgnorePatternException e)
            {
                throw new FileOperationException(e.Message, e);
            }
        }
    }

    public void Run()
    {
        var (destination, isDirectory) = ParseDestination();
        var parentLinks = new Dictionary<FileIdentity, string>();
        foreach (var item in request.Sources)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // BuildKit creates the destination directory (trailing "/") or its parent once per source,
            // before resolving the destination itself, through symlinks inside the target root.
            var ensure = isDirectory ? destination : ParentOf(destination);
            MakeDirectories(RootedPath.ResolveRelative(targetRoot, ensure, followFinalSymlink: true));
            var destinationRelative = RootedPath.ResolveRelative(targetRoot, destination, request.FollowDestinationSymlinks);
            if (item.ParentsPath is null)
            {
                CopySource(item, destinationRelative);
            }
            else
            {
                // One --parents instruction is a single BuildKit copy of the pivot directory, so hardlinks
                // are shared across its matches.
                CopyWithParents(item, destinationRelative, parentLinks);
            }
        }
    }

    public CopyResult Result() => new(files, directories, symlinks, specialFiles, hardLinks, bytes, skippedSockets);

    private (string Path, bool IsDirectory) ParseDestination()
    {
        var written = request.Destination ?? string.Empty;
        var isDirectory = written.Length == 0 || written == "." || written.EndsWith('/') || written.EndsWith("/.", StringComparison.Ordinal);
        var workingDirectory = string.IsNullOrEmpty(request.WorkingDirectory) ? "/" : request.WorkingDirectory;
        var absolute = written.StartsWith('/') ? written : workingDirectory + "/" + written;
        return (RootedPath.Clean(absolute), isDirectory);
    }

    // A plain source (DF-COPY-DIR, DF-COPY-SYMLINK): the top-level symlink is followed inside its root; a
    // directory's content merges into the destination, a file lands on it or inside it.
    private void CopySource(CopySourceItem item, string destinationRelative)
    {
        var sourceRoot = RootedPath.NormalizeRoot(item.Root);
        currentSourceRoot = sourceRoot;
        var sourceHost = RootedPath.Join(sourceRoot, RootedPath.ResolveRelative(sourceRoot, item.RelativePath, followFinalSymlink: true));
        var source = fs.TryLStat(sourceHost) ?? throw MissingSource(item);

        var target = destinationRelative;
        var existing = fs.TryLStat(Host(target));
        if (source.Kind != FileKind.Directory && existing is { Kind: FileKind.Directory })
        {
            target = JoinRelative(target, BaseName(item.RelativePath));
        }

        MakeDirectories(source.Kind == FileKind.Directory && existing is null ? target : ParentOf(target));
        CopyEntry(sourceHost, source, string.Empty, default, target, overwriteTargetMetadata: false, [], new Dictionary<FileIdentity, string>());
    }

    // COPY --parents (DF-COPY-PARENTS): BuildKit copies the pivot directory with an include pattern, so the
    // matched entry is a nested entry (kept as a symlink, metadata always applied) and the directories
    // between the pivot and it are recreated from the source's, only when something is copied into them.
    private void CopyWithParents(CopySourceItem item, string destinationRelative, Dictionary<FileIdentity, string> links)
    {
        var sourceRoot = RootedPath.NormalizeRoot(item.Root);
        currentSourceRoot = sourceRoot;
        var parentsPath = RootedPath.Clean(item.ParentsPath!)[1..];
        var relative = RootedPath.Clean(item.RelativePath)[1..];
        if (parentsPath.Length == 0 || !(relative == parentsPath || relative.EndsWith("/" + parentsPath, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"ParentsPath \"{item.ParentsPath}\" must be a non-empty suffix of RelativePath \"{item.RelativePath}\"", nameof(item));
        }

        var pivot = relative[..^parentsPath.Length].TrimEnd('/');
        var existing = fs.TryLStat(Host(destinationRelative));
        if (existing is null)
        {
            MakeDirectories(destinationRelative);
        }
        else if (existing.Kind != FileKind.Directory)
        {
            throw NotADirectory(destinationRelative);
        }

        var pending = new List<PendingDirectory>();
        var matchInfo = default(PatternMatchInfo);
        var segments = parentsPath.Split('/');
        var components = string.Empty;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            components = JoinRelative(components, segments[i]);
            if (exclude is not null)
            {
                exclude.Match(components, matchInfo, out matchInfo);
            }

            var directoryHost = RootedPath.Resolve(sourceRoot, pivot + "/" + components, followFinalSymlink: true);
            var directory = fs.TryLStat(directoryHost);
            if (directory is not { Kind: FileKind.Directory })
            {
                throw new FileOperationException($"COPY --parents: \"/{JoinRelative(pivot, components)}\" is not a directory in the source");
            }

            pending.Add(new PendingDirectory(directoryHost, directory, JoinRelative(destinationRelative, components)));
        }

        var sourceHost = RootedPath.Resolve(sourceRoot, relative, followFinalSymlink: false);
        var source = fs.TryLStat(sourceHost) ?? throw MissingSource(item);
        CopyEntry(sourceHost, source, parentsPath, matchInfo, JoinRelative(destinationRelative, parentsPath), overwriteTargetMetadata: true, pending, links);
    }

    // mkdir -p inside the target root: created directories are 0755 and owned by the --chown owner (else
    // 0:0); existing ones are left alone.
    private void MakeDirectories(string relative)
    {
        if (relative.Length == 0)
        {
            return;
        }

        var current = string.Empty;
        foreach (var part in relative.Split('/'))
        {
            current = JoinRelative(current, part);
            var host = Host(current);
            var status = fs.TryLStat(host);
            if (status is null)
            {
                fs.MakeDirectory(host, CreatedDirectoryMode);
                fs.LChown(host, createdOwner.Uid, createdOwner.Gid);
                fs.Chmod(host, CreatedDirectoryMode);
                continue;
            }

            if (status.Kind != FileKind.Directory)
            {
                throw new FileOperationException(
                    $"cannot create the COPY destination directory {Display(relative)}: {Display(current)} exists and is not a directory; copy to another path, or remove it first");
            }
        }
    }

    private string Host(string relative) => RootedPath.Join(targetRoot, relative);

    private static string Display(string relative) => "/" + relative;

    private static string JoinRelative(string parent, string name) => parent.Length == 0 ? name : parent + "/" + name;

    private static string ParentOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : slash == 0 && path[0] == '/' ? "/" : path[..slash];
    }

    private static string BaseName(string relativePath)
    {
        var clean = RootedPath.Clean(relativePath);
        return clean[(clean.LastIndexOf('/') + 1)..];
    }

    private static FileOperationException MissingSource(CopySourceItem item) =>
        new($"failed to copy: source \"{RootedPath.Clean(item.RelativePath)}\" not found in {item.Root}");

    private static FileOperationException NotADirectory(string relative) =>
        new($"cannot copy to non-directory: {Display(relative)}; a directory cannot be copied onto an existing file; remove the file first or choose another destination");
}
