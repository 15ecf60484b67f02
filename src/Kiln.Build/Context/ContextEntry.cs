using Kiln.Linux;

namespace Kiln.Build.Context;

/// <summary>
/// One entry of a filtered build context as a <see cref="ContextWalker"/> reports it: its relative
/// <c>/</c>-separated path and its <c>lstat</c> information (IGN-FILE, IGN-REINCLUDE-WALK).
/// </summary>
/// <param name="Path">Relative path from the context root, <c>/</c>-separated, no leading <c>./</c>.</param>
/// <param name="FullPath">Absolute path on disk.</param>
/// <param name="Kind">File, directory or symlink.</param>
/// <param name="Size">File size in bytes; the target length for a symlink; 0 for a directory.</param>
/// <param name="Mode">Permission bits (0 on Windows).</param>
/// <param name="ModifiedUtc">Last write time.</param>
/// <param name="LinkTarget">The symlink's target text, null for other kinds.</param>
public sealed record ContextEntry(
    string Path,
    string FullPath,
    ContextEntryKind Kind,
    long Size,
    UnixFileMode Mode,
    DateTime ModifiedUtc,
    string? LinkTarget)
{
    public bool IsDirectory => Kind == ContextEntryKind.Directory;

    /// <summary>The <c>statx</c> the walker took for this entry (so the hasher need not take another); null when it was not taken.</summary>
    public FileStatus? Status { get; init; }

    public override string ToString() => Kind switch
    {
        ContextEntryKind.Directory => "dir " + Path,
        ContextEntryKind.Symlink => "symlink " + Path,
        _ => "file " + Path,
    };
}
