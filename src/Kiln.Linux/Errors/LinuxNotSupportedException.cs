namespace Kiln.Linux.Errors;

/// <summary>A syscall failed with EOPNOTSUPP: the filesystem does not support the operation (e.g. this xattr namespace).</summary>
public sealed class LinuxNotSupportedException : LinuxIOException
{
    public LinuxNotSupportedException(string operation, string path, int errno)
        : base(operation, path, errno)
    {
    }
}
