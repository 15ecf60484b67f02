using Kiln.Linux;

namespace Kiln.Build.Operations.Files;

/// <summary>
/// The filesystem half of COPY/ADD (DF-COPY-DIR, DF-COPY-DEST, DF-COPY-SYMLINK, DF-COPY-PARENTS,
/// DF-COPY-EXCLUDE, DF-COPY-CHOWN, DF-COPY-CHMOD): copies resolved sources into a mounted stage
/// filesystem with BuildKit's rules (its fsutil copier), synchronously. A directory source merges its
/// content into the destination; a file goes to the destination, or into it when it ends with <c>/</c> or
/// is an existing directory; missing destination parents are created 0755 and owned by the
/// <c>--chown</c> owner (else 0:0); the top-level source symlink is followed inside its root, nested ones
/// are copied as symlinks; content, mode, mtime/atime, xattrs (not <c>security.*</c> other than
/// <c>security.capability</c>, not <c>trusted.overlay.*</c>) and hardlinks within one source are kept;
/// device nodes and fifos are recreated. Destination symlinks resolve inside the target root, never
/// outside. Stateless; one instance can serve many copies.
/// </summary>
public sealed class FileCopier
{
    private readonly LinuxFileSystem fileSystem;

    public FileCopier()
        : this(new LinuxFileSystem())
    {
    }

    public FileCopier(LinuxFileSystem fileSystem)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        this.fileSystem = fileSystem;
    }

    /// <summary>Copies every source of <paramref name="request"/> in order.</summary>
    /// <exception cref="FileOperationException">A source is missing, a directory would land on a file (or a file on a directory), an exclude pattern is invalid, a symlink loops.</exception>
    /// <exception cref="OperationCanceledException">Cancelled between two entries; what was copied so far stays.</exception>
    public CopyResult Copy(CopyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Sources);
        var operation = new CopyOperation(fileSystem, request, cancellationToken);
        operation.Run();
        return operation.Result();
    }
}
