namespace Kiln.Linux.Errors;

/// <summary>A syscall failed with EEXIST: the path already exists.</summary>
public sealed class LinuxFileExistsException : LinuxIOException
{
    public LinuxFileExistsException(string operation, string path, int errno)
        : base(operation, path, errno)
    {
    }
}
