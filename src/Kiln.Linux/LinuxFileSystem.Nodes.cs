using System.Text;
using Kiln.Linux.Errors;
using Kiln.Linux.Interop;

namespace Kiln.Linux;

/// <summary>Creating and changing filesystem objects without following a final symlink where the kernel allows it.</summary>
public sealed partial class LinuxFileSystem
{
    private const uint SIfChr = 0x2000;
    private const uint SIfBlk = 0x6000;
    private const uint SIfIfo = 0x1000;
    private const long UtimeOmit = (1L << 30) - 2;

    /// <summary>mknod for a character device, block device or fifo (devices need CAP_MKNOD).</summary>
    public void MakeNode(string path, FileKind kind, int mode, uint major = 0, uint minor = 0)
    {
        var type = kind switch
        {
            FileKind.CharacterDevice => SIfChr,
            FileKind.BlockDevice => SIfBlk,
            FileKind.Fifo => SIfIfo,
            _ => throw new ArgumentException($"mknod cannot create a {kind} ('{path}')", nameof(kind)),
        };
        Check(LibC.MkNod(path, type | (uint)(mode & 0xFFF), MakeDevice(major, minor)), "mknod", path);
    }

    /// <summary>glibc's makedev: the 64-bit dev_t encoding of a major/minor pair.</summary>
    public static ulong MakeDevice(uint major, uint minor) =>
        ((ulong)(major & 0xFFFFF000u) << 32) | ((ulong)(major & 0xFFFu) << 8) |
        ((ulong)(minor & 0xFFFFFF00u) << 12) | (minor & 0xFFu);

    /// <summary>
    /// fsync of a directory, so that renames and unlinks in it survive a power loss (.NET cannot open a
    /// directory as a file). Best effort: false when the directory cannot be opened or synced.
    /// </summary>
    public bool SyncDirectory(string path)
    {
        var fd = LibC.Open(path, LibC.ORdOnly | LibC.ODirectory | LibC.OCloExec);
        if (fd < 0)
        {
            return false;
        }

        try
        {
            return LibC.FSync(fd) == 0;
        }
        finally
        {
            _ = LibC.Close(fd);
        }
    }

    /// <summary>mkdir with exactly this mode is not guaranteed (umask applies): call <see cref="Chmod"/> after.</summary>
    public void MakeDirectory(string path, int mode) => Check(LibC.MkDir(path, (uint)(mode & 0xFFF)), "mkdir", path);

    /// <summary>lchown: changes the owner of the path itself (a symlink, not its target).</summary>
    public void LChown(string path, uint uid, uint gid) => Check(LibC.LChown(path, uid, gid), "lchown", path);

    /// <summary>fchmodat: sets all 12 permission bits (setuid, setgid, sticky included). Follows a final symlink.</summary>
    public void Chmod(string path, int mode) => Check(LibC.FChModAt(LibC.AtFdCwd, path, (uint)(mode & 0xFFF), 0), "fchmodat", path);

    /// <summary>utimensat with <c>AT_SYMLINK_NOFOLLOW</c>: nanosecond times on the path itself. A null access time is left as is.</summary>
    public unsafe void SetTimes(string path, UnixTimestamp modificationTime, UnixTimestamp? accessTime = null)
    {
        var times = stackalloc long[4];
        times[0] = accessTime?.Seconds ?? 0;
        times[1] = accessTime is { } a ? a.Nanoseconds : UtimeOmit;
        times[2] = modificationTime.Seconds;
        times[3] = modificationTime.Nanoseconds;
        Check(LibC.UTimensAt(LibC.AtFdCwd, path, times, LibC.AtSymlinkNoFollow), "utimensat", path);
    }

    /// <summary>symlink: creates <paramref name="linkPath"/> pointing at <paramref name="target"/> (stored verbatim).</summary>
    public void CreateSymlink(string target, string linkPath) => Check(LibC.Symlink(target, linkPath), "symlink", linkPath);

    /// <summary>readlink: the stored target text, decoded as UTF-8.</summary>
    public unsafe string ReadLink(string path)
    {
        var size = 256;
        while (true)
        {
            var buffer = new byte[size];
            nint got;
            fixed (byte* p = buffer)
            {
                got = LibC.ReadLink(path, p, (nuint)buffer.Length);
            }

            if (got < 0)
            {
                throw LinuxErrors.FromLastError("readlink", path);
            }

            if (got < size)
            {
                return Encoding.UTF8.GetString(buffer, 0, (int)got);
            }

            size *= 4;
        }
    }

    /// <summary>linkat without <c>AT_SYMLINK_FOLLOW</c>: a new name for the object at <paramref name="existingPath"/> itself.</summary>
    public void CreateHardLink(string existingPath, string newPath) =>
        Check(LibC.LinkAt(LibC.AtFdCwd, existingPath, LibC.AtFdCwd, newPath, 0), "linkat", newPath);

    /// <summary>unlink: removes a non-directory (a symlink itself, never its target).</summary>
    public void Unlink(string path) => Check(LibC.Unlink(path), "unlink", path);

    /// <summary>rename: moves any kind of entry (a symlink itself) within one filesystem, replacing a non-directory there.</summary>
    public void Rename(string oldPath, string newPath) => Check(LibC.Rename(oldPath, newPath), "rename", newPath);

    /// <summary>rmdir: removes an empty directory.</summary>
    public void RemoveDirectory(string path) => Check(LibC.RmDir(path), "rmdir", path);

    /// <summary>
    /// Removes a path and, for a directory, everything below it, using lstat so no symlink is ever followed.
    /// Returns false when nothing existed.
    /// </summary>
    public bool RemoveTree(string path)
    {
        var status = TryLStat(path);
        if (status is null)
        {
            return false;
        }

        if (status.Kind != FileKind.Directory)
        {
            Unlink(path);
            return true;
        }

        foreach (var child in Directory.EnumerateFileSystemEntries(path))
        {
            RemoveTree(child);
        }

        RemoveDirectory(path);
        return true;
    }
}
