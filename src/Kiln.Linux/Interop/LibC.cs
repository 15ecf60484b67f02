using System.Runtime.InteropServices;

namespace Kiln.Linux.Interop;

/// <summary>
/// Raw glibc entry points used by <see cref="LinuxFileSystem"/>: statx, xattrs, mknod, ownership, modes,
/// times, links. Source-generated (<c>LibraryImport</c>) so NativeAOT needs no runtime marshalling stubs.
/// </summary>
internal static unsafe partial class LibC
{
    private const string Library = "libc.so.6";

    internal const int AtFdCwd = -100;
    internal const int AtSymlinkNoFollow = 0x100;
    internal const uint StatxBasicStats = 0x7ff;

    internal const int ORdOnly = 0;
    internal const int ODirectory = 0x10000;
    internal const int OCloExec = 0x80000;
    internal const int ONoFollow = 0x20000;
    internal const int ONonBlock = 0x800;
    internal const int ONoCtty = 0x100;
    internal const int AtEmptyPath = 0x1000;

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags);

    internal const int ORdWr = 2;
    internal const int OCreat = 0x40;
    internal const int LockExclusive = 2;
    internal const int LockNonBlocking = 4;
    internal const int ErrnoWouldBlock = 11;
    internal const int ErrnoInterrupted = 4;

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags, uint mode);

    internal const int OWrOnly = 1;
    internal const int OExcl = 0x80;
    internal const int ODirect = 0x4000;
    internal const int FGetFl = 3;
    internal const int FSetFl = 4;

    [LibraryImport(Library, EntryPoint = "fcntl", SetLastError = true)]
    internal static partial int FCntl(int fd, int command, int argument);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    internal static partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "pwrite64", SetLastError = true)]
    internal static partial nint PWrite(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport(Library, EntryPoint = "flock", SetLastError = true)]
    internal static partial int FLock(int fd, int operation);

    [LibraryImport(Library, EntryPoint = "fsync", SetLastError = true)]
    internal static partial int FSync(int fd);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "opendir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint OpenDir(string path);

    [LibraryImport(Library, EntryPoint = "readdir64", SetLastError = true)]
    internal static partial nint ReadDir(nint dir);

    [LibraryImport(Library, EntryPoint = "closedir", SetLastError = true)]
    internal static partial int CloseDir(nint dir);

    [LibraryImport(Library, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Statx(int dirFd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport(Library, EntryPoint = "llistxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint LListXattr(string path, byte* list, nuint size);

    [LibraryImport(Library, EntryPoint = "flistxattr", SetLastError = true)]
    internal static partial nint FListXattr(int fd, byte* list, nuint size);

    [LibraryImport(Library, EntryPoint = "fgetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint FGetXattr(int fd, string name, byte* value, nuint size);

    [LibraryImport(Library, EntryPoint = "lgetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint LGetXattr(string path, string name, byte* value, nuint size);

    [LibraryImport(Library, EntryPoint = "lsetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int LSetXattr(string path, string name, byte* value, nuint size, int flags);

    [LibraryImport(Library, EntryPoint = "lremovexattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int LRemoveXattr(string path, string name);

    [LibraryImport(Library, EntryPoint = "mknod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MkNod(string path, uint mode, ulong device);

    [LibraryImport(Library, EntryPoint = "mkdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MkDir(string path, uint mode);

    [LibraryImport(Library, EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int LChown(string path, uint uid, uint gid);

    [LibraryImport(Library, EntryPoint = "fchmodat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int FChModAt(int dirFd, string path, uint mode, int flags);

    [LibraryImport(Library, EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int UTimensAt(int dirFd, string path, long* times, int flags);

    [LibraryImport(Library, EntryPoint = "symlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Symlink(string target, string linkPath);

    [LibraryImport(Library, EntryPoint = "readlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint ReadLink(string path, byte* buffer, nuint size);

    [LibraryImport(Library, EntryPoint = "linkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int LinkAt(int oldDirFd, string oldPath, int newDirFd, string newPath, int flags);

    [LibraryImport(Library, EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Unlink(string path);

    [LibraryImport(Library, EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Rename(string oldPath, string newPath);

    [LibraryImport(Library, EntryPoint = "rmdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int RmDir(string path);
}
