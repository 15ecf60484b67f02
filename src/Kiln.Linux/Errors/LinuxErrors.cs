using System.Runtime.InteropServices;

namespace Kiln.Linux.Errors;

/// <summary>Maps the last P/Invoke errno to the most specific <see cref="LinuxIOException"/>.</summary>
internal static class LinuxErrors
{
    internal static int LastErrno() => Marshal.GetLastPInvokeError();

    internal static LinuxIOException FromLastError(string operation, string path) => Create(operation, path, LastErrno());

    internal static LinuxIOException Create(string operation, string path, int errno) => errno switch
    {
        Errno.ENOENT => new LinuxFileNotFoundException(operation, path, errno),
        Errno.EACCES or Errno.EPERM => new LinuxAccessDeniedException(operation, path, errno),
        Errno.EEXIST => new LinuxFileExistsException(operation, path, errno),
        Errno.EOPNOTSUPP => new LinuxNotSupportedException(operation, path, errno),
        _ => new LinuxIOException(operation, path, errno),
    };
}
