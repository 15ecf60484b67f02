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
}
