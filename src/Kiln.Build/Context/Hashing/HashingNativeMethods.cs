using System.Runtime.InteropServices;

namespace Kiln.Build.Context.Hashing;

/// <summary>
/// The glibc calls <see cref="LinuxContextFileSystem"/> needs and .NET does not offer (statx with uid, gid,
/// ctime and inode; binary-safe xattrs; raw readlink). Kiln.Build does not allow unsafe code and the stubs
/// that <c>LibraryImport</c> generates need it (SYSLIB1062), so these are <c>DllImport</c>s with simple
/// marshalling (UTF-8 strings, pinned <c>byte[]</c>), which NativeAOT also compiles ahead of time.
/// </summary>
internal static class HashingNativeMethods
{
    internal const int AtFdCwd = -100;
    internal const int AtSymlinkNoFollow = 0x100;
    internal const uint StatxBasicStats = 0x7ff;
    internal const int StatxBufferSize = 256;

    internal const int ENOENT = 2;
    internal const int ENOTDIR = 20;
    internal const int ERANGE = 34;
    internal const int ENODATA = 61;
    internal const int ENOTSUP = 95;

    private const string Library = "libc";

    [DllImport(Library, EntryPoint = "statx", SetLastError = true, ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static extern int Statx(int dirFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);

    [DllImport(Library, EntryPoint = "llistxattr", SetLastError = true, ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static extern nint LListXattr([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[]? list, nuint size);

    [DllImport(Library, EntryPoint = "lgetxattr", SetLastError = true, ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static extern nint LGetXattr([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, [Out] byte[]? value, nuint size);

    [DllImport(Library, EntryPoint = "readlink", SetLastError = true, ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static extern nint ReadLink([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] buffer, nuint size);
}
