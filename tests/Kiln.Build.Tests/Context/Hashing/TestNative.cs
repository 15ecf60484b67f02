using System.Runtime.InteropServices;
using System.Text;

namespace Kiln.Build.Tests.Context.Hashing;

/// <summary>Syscalls the hashing tests need to change ownership and xattrs of real temp files.</summary>
internal static class TestNative
{
    public static void LChown(string path, uint uid, uint gid)
    {
        if (NativeLChown(path, uid, gid) != 0)
        {
            throw new IOException($"lchown {path}: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public static void LSetXattr(string path, string name, byte[] value)
    {
        if (NativeLSetXattr(path, name, value, (nuint)value.Length, 0) != 0)
        {
            throw new IOException($"lsetxattr {path} {name}: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public static void LSetXattr(string path, string name, string value) => LSetXattr(path, name, Encoding.UTF8.GetBytes(value));

    [DllImport("libc", EntryPoint = "lchown", SetLastError = true)]
    private static extern int NativeLChown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint uid, uint gid);

    [DllImport("libc", EntryPoint = "lsetxattr", SetLastError = true)]
    private static extern int NativeLSetXattr([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, byte[] value, nuint size, int flags);
}
