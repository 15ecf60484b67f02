using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Kiln.Build.Context.Hashing;

/// <summary>
/// <see cref="IContextFileSystem"/> for Linux: <c>statx(AT_SYMLINK_NOFOLLOW)</c> for type, mode, uid, gid,
/// size, device, inode and nanosecond times; <c>llistxattr</c>/<c>lgetxattr</c> for binary xattrs;
/// <c>readlink</c> for raw link targets. Stateless and thread-safe.
/// </summary>
public sealed class LinuxContextFileSystem : IContextFileSystem
{
    /// <inheritdoc />
    public FileMetadata? LStat(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var buffer = new byte[HashingNativeMethods.StatxBufferSize];
        if (HashingNativeMethods.Statx(HashingNativeMethods.AtFdCwd, path, HashingNativeMethods.AtSymlinkNoFollow, HashingNativeMethods.StatxBasicStats, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is HashingNativeMethods.ENOENT or HashingNativeMethods.ENOTDIR)
            {
                return null;
            }

            throw Failure("statx", path, errno);
        }

        // struct statx (linux/stat.h): the layout is the same on every ABI; fields are host-endian.
        var span = buffer.AsSpan();
        var mode = (uint)U16(span, 28);
        var devMajor = U32(span, 136);
        var devMinor = U32(span, 140);
        return new FileMetadata(
            KindOf(mode),
            mode & 0xFFF,
            U32(span, 20),
            U32(span, 24),
            (long)U64(span, 40),
            ((ulong)devMajor << 32) | devMinor,
            U64(span, 32),
            Nanoseconds(span, 112),
            Nanoseconds(span, 96),
            U32(span, 128),
            U32(span, 132));
    }

    /// <inheritdoc />
    public IReadOnlyList<ExtendedAttribute> ListExtendedAttributes(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[]? names = null;
        nint length;
        while (true)
        {
            length = HashingNativeMethods.LListXattr(path, names, (nuint)(names?.Length ?? 0));
            if (length < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == HashingNativeMethods.ENOTSUP)
                {
                    return [];
                }

                // The list grew between the size query and the read: ask again.
                if (errno == HashingNativeMethods.ERANGE)
                {
                    names = null;
                    continue;
                }

                throw Failure("llistxattr", path, errno);
            }

            if (length == 0)
            {
                return [];
            }

            if (names is not null)
            {
                break;
            }

            names = new byte[length];
        }

        var result = new List<ExtendedAttribute>();
        var start = 0;
        for (var i = 0; i < length; i++)
        {
            if (names[i] != 0)
            {
                continue;
            }

            if (i > start)
            {
                var name = Encoding.UTF8.GetString(names, start, i - start);
                if (ReadValue(path, name) is { } value)
                {
                    result.Add(new ExtendedAttribute(name, value));
                }
            }

            start = i + 1;
        }

        return result;
    }

    /// <inheritdoc />
    public byte[] ReadLink(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var buffer = new byte[4096];
        while (true)
        {
            var length = HashingNativeMethods.ReadLink(path, buffer, (nuint)buffer.Length);
            if (length < 0)
            {
                throw Failure("readlink", path, Marshal.GetLastPInvokeError());
            }

            if (length < buffer.Length)
            {
                return buffer.AsSpan(0, (int)length).ToArray();
            }

            buffer = new byte[buffer.Length * 2];
        }
    }

    /// <inheritdoc />
    public Stream OpenRead(string path) =>
        new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 0, FileOptions.SequentialScan);

    private static byte[]? ReadValue(string path, string name)
    {
        while (true)
        {
            var size = HashingNativeMethods.LGetXattr(path, name, null, 0);
            if (size < 0)
            {
                var errno = Marshal.GetLastPInvokeError();

                // Removed between listing and reading: it no longer exists.
                if (errno == HashingNativeMethods.ENODATA)
                {
                    return null;
                }

                throw Failure("lgetxattr", path, errno);
            }

            var value = new byte[size];
            if (size == 0)
            {
                return value;
            }

            var read = HashingNativeMethods.LGetXattr(path, name, value, (nuint)value.Length);
            if (read >= 0)
            {
                return read == size ? value : value.AsSpan(0, (int)read).ToArray();
            }

            var error = Marshal.GetLastPInvokeError();
            if (error == HashingNativeMethods.ERANGE)
            {
                continue;
            }

            if (error == HashingNativeMethods.ENODATA)
            {
                return null;
            }

            throw Failure("lgetxattr", path, error);
        }
    }

    private static FileNodeKind KindOf(uint mode) => (mode & 0xF000) switch
    {
        0x8000 => FileNodeKind.Regular,
        0x4000 => FileNodeKind.Directory,
        0xA000 => FileNodeKind.Symlink,
        0x1000 => FileNodeKind.Fifo,
        0x2000 => FileNodeKind.CharacterDevice,
        0x6000 => FileNodeKind.BlockDevice,
        0xC000 => FileNodeKind.Socket,
        _ => FileNodeKind.Regular,
    };

    private static IOException Failure(string call, string path, int errno) =>
        new($"{call} {path}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);

    private static ushort U16(ReadOnlySpan<byte> b, int offset) => BitConverter.IsLittleEndian
        ? BinaryPrimitives.ReadUInt16LittleEndian(b[offset..])
        : BinaryPrimitives.ReadUInt16BigEndian(b[offset..]);

    private static uint U32(ReadOnlySpan<byte> b, int offset) => BitConverter.IsLittleEndian
        ? BinaryPrimitives.ReadUInt32LittleEndian(b[offset..])
        : BinaryPrimitives.ReadUInt32BigEndian(b[offset..]);

    private static ulong U64(ReadOnlySpan<byte> b, int offset) => BitConverter.IsLittleEndian
        ? BinaryPrimitives.ReadUInt64LittleEndian(b[offset..])
        : BinaryPrimitives.ReadUInt64BigEndian(b[offset..]);

    private static long Nanoseconds(ReadOnlySpan<byte> b, int offset) =>
        ((long)U64(b, offset) * 1_000_000_000L) + U32(b, offset + 8);
}
