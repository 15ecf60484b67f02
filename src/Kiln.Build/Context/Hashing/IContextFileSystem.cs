namespace Kiln.Build.Context.Hashing;

/// <summary>
/// The few file-system calls the content hasher makes, behind an interface so that tests can count
/// them (a warm <see cref="StatCache"/> must not open any file) and another platform can supply its own.
/// Every call works on the entry itself and never follows a final symlink.
/// </summary>
public interface IContextFileSystem
{
    /// <summary><c>lstat</c>: the entry's metadata, or null when it does not exist.</summary>
    FileMetadata? LStat(string path);

    /// <summary>The metadata of an entry a <see cref="ContextWalker"/> reported; a file system may answer from the walker's own <c>statx</c>.</summary>
    FileMetadata? LStat(ContextEntry entry) => LStat(entry.FullPath);

    /// <summary>The entry's extended attributes (not following symlinks), in any order; empty when the file system has none.</summary>
    IReadOnlyList<ExtendedAttribute> ListExtendedAttributes(string path);

    /// <summary>The raw bytes of a symlink's target.</summary>
    byte[] ReadLink(string path);

    /// <summary>Opens a regular file for sequential reading.</summary>
    Stream OpenRead(string path);
}
