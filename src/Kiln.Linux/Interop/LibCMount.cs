using System.Runtime.InteropServices;

namespace Kiln.Linux.Interop;

/// <summary>Raw glibc mount entry points used by <see cref="LinuxMounts"/>.</summary>
internal static partial class LibCMount
{
    private const string Library = "libc.so.6";

    [LibraryImport(Library, EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Mount(string? source, string target, string? fileSystemType, ulong flags, string? data);

    [LibraryImport(Library, EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Unmount(string target, int flags);

    // The new mount API (Linux 5.2+, glibc 2.36+): no 4096-byte option string, one fsconfig call per lower dir.
    internal const uint FsOpenCloexec = 1;
    internal const uint FsConfigSetString = 1;
    internal const uint FsConfigCmdCreate = 6;
    internal const uint FsMountCloexec = 1;
    internal const uint MountAttrReadOnly = 1;
    internal const uint MoveMountFromEmptyPath = 4;
    internal const int AtFdCwd = -100;

    [LibraryImport(Library, EntryPoint = "fsopen", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int FsOpen(string fileSystemName, uint flags);

    [LibraryImport(Library, EntryPoint = "fsconfig", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int FsConfig(int fd, uint command, string? key, string? value, int aux);

    [LibraryImport(Library, EntryPoint = "fsmount", SetLastError = true)]
    internal static partial int FsMount(int fd, uint flags, uint attributeFlags);

    [LibraryImport(Library, EntryPoint = "move_mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MoveMount(int fromFd, string fromPath, int toFd, string toPath, uint flags);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);
}
