namespace Kiln.Build.Context.Hashing;

/// <summary>
/// The <c>lstat</c> facts about one context entry that the content hasher and the stat cache need
/// (ARCHITECTURE decision 1). Only <see cref="Kind"/>, <see cref="Mode"/>, <see cref="Uid"/>, <see cref="Gid"/>,
/// <see cref="Size"/> and the device numbers enter a content digest; device, inode and the times serve the
/// <see cref="StatCache"/> only and never a cache key.
/// </summary>
/// <param name="Kind">The file type.</param>
/// <param name="Mode">Permission bits including setuid, setgid and sticky (<c>mode &amp; 07777</c>).</param>
/// <param name="Uid">Owner user id.</param>
/// <param name="Gid">Owner group id.</param>
/// <param name="Size">Size in bytes (symlink: target length; directories: file-system dependent, never hashed).</param>
/// <param name="Device">The device that holds the entry (<c>makedev(major, minor)</c> style, for identity only).</param>
/// <param name="Inode">Inode number (identity only).</param>
/// <param name="ModifiedNs">mtime in nanoseconds since the Unix epoch (stat cache only).</param>
/// <param name="ChangedNs">ctime in nanoseconds since the Unix epoch (stat cache only).</param>
/// <param name="RDevMajor">Major number of a device node, else 0.</param>
/// <param name="RDevMinor">Minor number of a device node, else 0.</param>
public readonly record struct FileMetadata(
    FileNodeKind Kind,
    uint Mode,
    uint Uid,
    uint Gid,
    long Size,
    ulong Device,
    ulong Inode,
    long ModifiedNs,
    long ChangedNs,
    uint RDevMajor = 0,
    uint RDevMinor = 0);
