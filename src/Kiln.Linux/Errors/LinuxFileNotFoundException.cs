namespace Kiln.Linux.Errors;

/// <summary>A syscall failed with ENOENT: the path (or one of its parents) does not exist.</summary>
public sealed class LinuxFileNotFoundException : LinuxIOException
{
    public LinuxFileNotFoundException(string operation, string path, int errno)
        : base(operation, path, errno)
    {
    }
}
