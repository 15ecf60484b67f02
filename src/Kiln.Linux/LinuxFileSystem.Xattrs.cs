using System.Collections.ObjectModel;
using System.Text;
using Kiln.Linux.Errors;
using Kiln.Linux.Interop;

namespace Kiln.Linux;

/// <summary>
/// Extended attributes as raw bytes (never through a string), on the path itself, not a symlink's target. The
/// descriptor variants (<see cref="RegularFileReader.GetXattrs"/>) read the same through an open file, with no path walk.
/// </summary>
public sealed partial class LinuxFileSystem
{
    /// <summary>llistxattr: attribute names, sorted ordinally. Empty when the filesystem has no xattr support.</summary>
    public IReadOnlyList<string> ListXattrs(string path) => ListXattrsCore(path, NoDescriptor);

    /// <summary>lgetxattr: the raw value, or null when the attribute is not set (ENODATA).</summary>
    public byte[]? GetXattr(string path, string name) => GetXattrCore(path, NoDescriptor, name);

    /// <summary>All attributes with their raw values, keyed by name (ordinal).</summary>
    public IReadOnlyDictionary<string, byte[]> GetXattrs(string path) => GetXattrsCore(path, NoDescriptor);

    private const int NoDescriptor = -1;

    // fd >= 0: flistxattr/fgetxattr on the descriptor (path only names it in errors); otherwise the l* calls on path.
    private static unsafe nint ListRaw(string path, int fd, byte* list, nuint size) =>
        fd >= 0 ? LibC.FListXattr(fd, list, size) : LibC.LListXattr(path, list, size);

    private static unsafe nint GetRaw(string path, int fd, string name, byte* value, nuint size) =>
        fd >= 0 ? LibC.FGetXattr(fd, name, value, size) : LibC.LGetXattr(path, name, value, size);

    internal static unsafe IReadOnlyList<string> ListXattrsCore(string path, int fd)
    {
        var call = fd >= 0 ? "flistxattr" : "llistxattr";
        while (true)
        {
            var size = ListRaw(path, fd, null, 0);
            if (size < 0)
            {
                var errno = LinuxErrors.LastErrno();
                if (errno == Errno.EOPNOTSUPP)
                {
                    return [];
                }

                throw LinuxErrors.Create(call, path, errno);
            }

            if (size == 0)
            {
                return [];
            }

            var buffer = new byte[size];
            nint got;
            fixed (byte* p = buffer)
            {
                got = ListRaw(path, fd, p, (nuint)buffer.Length);
            }

            if (got < 0)
            {
                var errno = LinuxErrors.LastErrno();
                if (errno == Errno.ERANGE)
                {
                    continue; // grew between the two calls
                }

                throw LinuxErrors.Create(call, path, errno);
            }

            var names = new List<string>();
            var span = buffer.AsSpan(0, (int)got);
            while (span.Length > 0)
            {
                var end = span.IndexOf((byte)0);
                if (end < 0)
                {
                    end = span.Length;
                }

                if (end > 0)
                {
                    names.Add(Encoding.UTF8.GetString(span[..end]));
                }

                span = end < span.Length ? span[(end + 1)..] : [];
            }

            names.Sort(StringComparer.Ordinal);
            return names;
        }
    }

    internal static unsafe byte[]? GetXattrCore(string path, int fd, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var call = fd >= 0 ? "fgetxattr " : "lgetxattr ";
        while (true)
        {
            var size = GetRaw(path, fd, name, null, 0);
            if (size < 0)
            {
                var errno = LinuxErrors.LastErrno();
                if (errno == Errno.ENODATA)
                {
                    return null;
                }

                throw LinuxErrors.Create(call + name, path, errno);
            }

            var buffer = new byte[size];
            if (size == 0)
            {
                return buffer;
            }

            nint got;
            fixed (byte* p = buffer)
            {
                got = GetRaw(path, fd, name, p, (nuint)buffer.Length);
            }

            if (got < 0)
            {
                var errno = LinuxErrors.LastErrno();
                if (errno == Errno.ERANGE)
                {
                    continue;
                }

                if (errno == Errno.ENODATA)
                {
                    return null;
                }

                throw LinuxErrors.Create(call + name, path, errno);
            }

            return got == buffer.Length ? buffer : buffer.AsSpan(0, (int)got).ToArray();
        }
    }

    internal static IReadOnlyDictionary<string, byte[]> GetXattrsCore(string path, int fd)
    {
        var names = ListXattrsCore(path, fd);
        if (names.Count == 0)
        {
            return ReadOnlyDictionary<string, byte[]>.Empty;
        }

        var result = new Dictionary<string, byte[]>(names.Count, StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (GetXattrCore(path, fd, name) is { } value)
            {
                result[name] = value;
            }
        }

        return result;
    }

    /// <summary>lsetxattr: creates or replaces the attribute with exactly these bytes.</summary>
    public unsafe void SetXattr(string path, string name, ReadOnlySpan<byte> value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        fixed (byte* p = value)
        {
            // A non-null pointer even for an empty value: some filesystems reject (NULL, 0).
            byte dummy = 0;
            var ptr = value.IsEmpty ? &dummy : p;
            Check(LibC.LSetXattr(path, name, ptr, (nuint)value.Length, 0), "lsetxattr " + name, path);
        }
    }

    /// <summary>lremovexattr; returns false when the attribute was not set.</summary>
    public bool RemoveXattr(string path, string name)
    {
        if (LibC.LRemoveXattr(path, name) == 0)
        {
            return true;
        }

        var errno = LinuxErrors.LastErrno();
        return errno == Errno.ENODATA ? false : throw LinuxErrors.Create("lremovexattr " + name, path, errno);
    }
}
