using System.Text;
using Kiln.Linux;

namespace Kiln.Build.Context.Hashing;

/// <summary>
/// <see cref="IContextFileSystem"/> for Linux, over <see cref="LinuxFileSystem"/>: statx without following
/// symlinks (type, mode, uid, gid, size, device, inode, nanosecond mtime and ctime), binary xattrs and link
/// targets. Stateless and thread-safe.
/// </summary>
public sealed class LinuxContextFileSystem : IContextFileSystem
{
    private readonly LinuxFileSystem _fs = new();

    /// <inheritdoc />
    public FileMetadata? LStat(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _fs.TryLStat(path) is { } status ? ToMetadata(status) : null;
    }

    /// <inheritdoc />
    public FileMetadata? LStat(ContextEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Status is { } status ? ToMetadata(status) : LStat(entry.FullPath);
    }

    /// <inheritdoc />
    public IReadOnlyList<ExtendedAttribute> ListExtendedAttributes(string path) =>
        _fs.GetXattrs(path).Select(pair => new ExtendedAttribute(pair.Key, pair.Value)).ToArray();

    /// <inheritdoc />
    public byte[] ReadLink(string path) => Encoding.UTF8.GetBytes(_fs.ReadLink(path));

    /// <inheritdoc />
    public Stream OpenRead(string path) =>
        new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 0, FileOptions.SequentialScan);

    private static FileMetadata ToMetadata(FileStatus status) =>
        new(
            KindOf(status.Kind),
            (uint)status.Mode,
            status.Uid,
            status.Gid,
            status.Size,
            ((ulong)status.Identity.DeviceMajor << 32) | status.Identity.DeviceMinor,
            status.Identity.Inode,
            Nanoseconds(status.ModificationTime),
            Nanoseconds(status.ChangeTime),
            status.RDevMajor,
            status.RDevMinor);

    private static long Nanoseconds(UnixTimestamp time) => (time.Seconds * 1_000_000_000L) + time.Nanoseconds;

    private static FileNodeKind KindOf(FileKind kind) => kind switch
    {
        FileKind.Directory => FileNodeKind.Directory,
        FileKind.Symlink => FileNodeKind.Symlink,
        FileKind.Fifo => FileNodeKind.Fifo,
        FileKind.CharacterDevice => FileNodeKind.CharacterDevice,
        FileKind.BlockDevice => FileNodeKind.BlockDevice,
        FileKind.Socket => FileNodeKind.Socket,
        _ => FileNodeKind.Regular,
    };
}
