using System.Runtime.InteropServices;
using System.Text;
using Kiln.Linux.Errors;
using Kiln.Linux.Interop;

namespace Kiln.Linux;

/// <summary>Directory listing with <c>d_type</c>: one <c>getdents</c> pass, no <c>stat</c> per entry.</summary>
public sealed partial class LinuxFileSystem
{
    // struct dirent64 as glibc's readdir64 returns it on 64-bit Linux: d_ino (8), d_off (8), d_reclen (2),
    // d_type (1), then the NUL-terminated name.
    private const int DirentRecordLengthOffset = 16;
    private const int DirentTypeOffset = 18;
    private const int DirentNameOffset = 19;

    /// <summary>
    /// The names in <paramref name="path"/> (not <c>.</c> and <c>..</c>), in the order the file system keeps
    /// them, each with its kind when <c>d_type</c> tells it. Symlinks are reported as symlinks.
    /// </summary>
    /// <exception cref="LinuxIOException">The directory cannot be opened or read (the subtype names why).</exception>
    public unsafe List<DirectoryEntry> ReadDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var dir = LibC.OpenDir(path);
        if (dir == 0)
        {
            throw LinuxErrors.FromLastError("opendir", path);
        }

        try
        {
            var entries = new List<DirectoryEntry>();
            while (true)
            {
                Marshal.SetLastPInvokeError(0);
                var dirent = (byte*)LibC.ReadDir(dir);
                if (dirent is null)
                {
                    var errno = LinuxErrors.LastErrno();
                    if (errno != 0)
                    {
                        throw LinuxErrors.Create("readdir", path, errno);
                    }

                    return entries;
                }

                var recordLength = *(ushort*)(dirent + DirentRecordLengthOffset);
                var name = new ReadOnlySpan<byte>(dirent + DirentNameOffset, recordLength - DirentNameOffset);
                var end = name.IndexOf((byte)0);
                name = end < 0 ? name : name[..end];
                if (name.SequenceEqual("."u8) || name.SequenceEqual(".."u8))
                {
                    continue;
                }

                entries.Add(new DirectoryEntry(Encoding.UTF8.GetString(name), KindFromDirentType(dirent[DirentTypeOffset])));
            }
        }
        finally
        {
            _ = LibC.CloseDir(dir);
        }
    }

    private static FileKind? KindFromDirentType(byte type) => type switch
    {
        1 => FileKind.Fifo,
        2 => FileKind.CharacterDevice,
        4 => FileKind.Directory,
        6 => FileKind.BlockDevice,
        8 => FileKind.Regular,
        10 => FileKind.Symlink,
        12 => FileKind.Socket,
        _ => null,
    };
}
