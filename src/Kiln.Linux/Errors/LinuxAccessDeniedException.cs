namespace Kiln.Linux.Errors;

/// <summary>A syscall failed with EACCES or EPERM: the caller lacks the permission or capability.</summary>
public sealed class LinuxAccessDeniedException : LinuxIOException
{
    public LinuxAccessDeniedException(string operation, string path, int errno)
        : base(operation, path, errno)
    {
    }
}
