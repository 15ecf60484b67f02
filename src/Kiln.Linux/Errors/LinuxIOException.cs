using System.Runtime.InteropServices;

namespace Kiln.Linux.Errors;

/// <summary>A failed Linux syscall: which call, on which path, and the errno it returned.</summary>
public class LinuxIOException : IOException
{
    public LinuxIOException(string operation, string path, int errno)
        : base($"{operation} '{path}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})")
    {
        Operation = operation;
        Path = path;
        Errno = errno;
        HResult = errno;
    }

    /// <summary>The syscall, e.g. <c>lsetxattr</c>.</summary>
    public string Operation { get; }

    /// <summary>The path the syscall was given.</summary>
    public string Path { get; }

    /// <summary>The errno value.</summary>
    public int Errno { get; }
}
