using System.Buffers.Binary;
using Kiln.Linux.Errors;
using Kiln.Linux.Interop;

namespace Kiln.Linux;

/// <summary>
/// Typed, binary-safe Linux file syscalls that .NET's file APIs do not offer: statx without following
/// symlinks (nanosecond times, inode, device numbers), xattrs as raw bytes, device nodes and fifos,
/// ownership, modes including setuid, nanosecond times on symlinks, hardlinks. Every failure throws a
/// <see cref="LinuxIOException"/> subtype naming the call and the path. Stateless and thread-safe.
/// </summary>
public sealed partial class LinuxFileSystem
{
    private const int StatxBufferSize = 256;

    /// <summary>statx with <c>AT_SYMLINK_NOFOLLOW</c>: describes a symlink itself, never its target.</summary>
    public FileStatus LStat(string path) => StatCore(path, LibC.AtSymlinkNoFollow)
        ?? throw LinuxErrors.Create("statx", path, Errno.ENOENT);

    /// <summary>Like <see cref="LStat"/>, but returns null when the path does not exist (ENOENT or ENOTDIR).</summary>
    public FileStatus? TryLStat(string path) => StatCore(path, LibC.AtSymlinkNoFollow);

    /// <summary>statx following symlinks.</summary>
    public FileStatus Stat(string path) => StatCore(path, 0) ?? throw LinuxErrors.Create("statx", path, Errno.ENOENT);

    /// <summary>
    /// Opens <paramref name="path"/> for reading when it is a regular file, without following a symlink and without
    /// blocking on a fifo; null when it is anything else or cannot be opened (the caller falls back to
    /// <see cref="LStat"/>, which reports a missing file the usual way).
    /// </summary>
    public RegularFileReader? TryOpenRegularFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fd = LibC.Open(path, LibC.ORdOnly | LibC.ONoFollow | LibC.ONonBlock | LibC.ONoCtty | LibC.OCloExec);
        if (fd < 0)
        {
            return null;
        }

        try
        {
            var status = StatDescriptor(fd, path);
            if (status.Kind == FileKind.Regular)
            {
                var reader = new RegularFileReader(fd, path, status);
                fd = -1;
                return reader;
            }

            return null;
        }
        finally
        {
            if (fd >= 0)
            {
                _ = LibC.Close(fd);
            }
        }
    }

    private static FileStatus? StatCore(string path, int flags) => StatAt(LibC.AtFdCwd, path, flags, path);

    /// <summary>statx of an open descriptor (<c>AT_EMPTY_PATH</c>): the file it refers to, with no path walk.</summary>
    internal static FileStatus StatDescriptor(int fd, string pathForErrors) =>
        StatAt(fd, string.Empty, LibC.AtEmptyPath | LibC.AtSymlinkNoFollow, pathForErrors)
        ?? throw LinuxErrors.Create("statx", pathForErrors, Errno.ENOENT);

    private static unsafe FileStatus? StatAt(int dirFd, string path, int flags, string pathForErrors)
    {
        Span<byte> buffer = stackalloc byte[StatxBufferSize];
        fixed (byte* p = buffer)
        {
            if (LibC.Statx(dirFd, path, flags, LibC.StatxBasicStats, p) != 0)
            {
                var errno = LinuxErrors.LastErrno();
                if (errno is Errno.ENOENT or Errno.ENOTDIR)
                {
                    return null;
                }

                throw LinuxErrors.Create("statx", pathForErrors, errno);
            }
        }

        // struct statx layout (linux/stat.h), identical on every 64-bit and 32-bit ABI.
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]);
        return new FileStatus
        {
            Kind = KindFromMode(mode),
            Mode = mode & 0xFFF,
            LinkCount = ReadU32(buffer, 16),
            Uid = ReadU32(buffer, 20),
            Gid = ReadU32(buffer, 24),
            Identity = new FileIdentity(ReadU32(buffer, 136), ReadU32(buffer, 140), ReadU64(buffer, 32)),
            Size = (long)ReadU64(buffer, 40),
            AccessTime = ReadTime(buffer, 64),
            ChangeTime = ReadTime(buffer, 96),
            ModificationTime = ReadTime(buffer, 112),
            RDevMajor = ReadU32(buffer, 128),
            RDevMinor = ReadU32(buffer, 132),
        };
    }

    private static uint ReadU32(ReadOnlySpan<byte> b, int offset) => BitConverter.IsLittleEndian
        ? BinaryPrimitives.ReadUInt32LittleEndian(b[offset..])
        : BinaryPrimitives.ReadUInt32BigEndian(b[offset..]);

    private static ulong ReadU64(ReadOnlySpan<byte> b, int offset) => BitConverter.IsLittleEndian
        ? BinaryPrimitives.ReadUInt64LittleEndian(b[offset..])
        : BinaryPrimitives.ReadUInt64BigEndian(b[offset..]);

    private static UnixTimestamp ReadTime(ReadOnlySpan<byte> b, int offset) =>
        new((long)ReadU64(b, offset), (int)ReadU32(b, offset + 8));

    private static FileKind KindFromMode(int mode) => (mode & 0xF000) switch
    {
        0x8000 => FileKind.Regular,
        0x4000 => FileKind.Directory,
        0xA000 => FileKind.Symlink,
        0x2000 => FileKind.CharacterDevice,
        0x6000 => FileKind.BlockDevice,
        0x1000 => FileKind.Fifo,
        0xC000 => FileKind.Socket,
        _ => throw new InvalidDataException($"statx returned an unknown file type 0x{mode:x}"),
    };

    private static void Check(int result, string operation, string path)
    {
        if (result != 0)
        {
            throw LinuxErrors.FromLastError(operation, path);
        }
    }
}
