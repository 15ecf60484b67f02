namespace Kiln.Linux.Errors;

/// <summary>The Linux errno values Kiln maps to specific exceptions (asm-generic/errno-base.h numbering).</summary>
public static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EACCES = 13;
    public const int EEXIST = 17;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINTR = 4;
    public const int EINVAL = 22;
    public const int ERANGE = 34;
    public const int ENOTEMPTY = 39;
    public const int ELOOP = 40;
    public const int ENODATA = 61;
    public const int EOPNOTSUPP = 95;
}
