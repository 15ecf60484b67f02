using System.Text;
using Kiln.Linux.Errors;
using Kiln.Linux.Interop;

namespace Kiln.Linux;

/// <summary>Extended attributes as raw bytes (never through a string), on the path itself, not a symlink's target.</summary>
public sealed partial class LinuxFileSystem
{
    /// <summary>llistxattr: attribute names, sorted ordinally. Empty when the filesystem has no xattr support.</summary>
    public unsafe IReadOnlyList<string> ListXattrs(string path)
    {
        while (true)
        {
            var size = LibC.LListXattr(path, null, 0);
            if (size < 0)
            {
                var errno = LinuxErrors.LastErrno();
                if (errno == Errno.EOPNOTSUPP)
                {
                    return [];
                }

                throw LinuxErrors.Create("llistxattr", path, errno);
            }

            if (size == 0)
            {
                return [];
            }

            var buffer = new byte[size];
            nint got;
            fixed (byte* p = buffer)
            {
                got = LibC.LListXattr(path, p, (nuint)buffer.Length);
            }

            if (got < 0)
            {
                var errno = LinuxErrors.LastErrno();
                if (errno == Errno.ERANGE)
                {
                    continue; // grew between the two calls
                }

                throw LinuxErrors.Create("llistxattr", path, errno);
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

    /// <summary>lgetxattr: the raw value, or null when the attribute is not set (ENODATA).</summary>
    public unsafe byte[]? GetXattr(string path, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        while (true)
        {
            var size = LibC.LGetXattr(path, name, null, 0);
            if (size < 0)
            {
                var errno = LinuxErrors.LastErrno();
                if (errno == Errno.ENODATA)
                {
                    return null;
                }

                throw LinuxErrors.Create("lgetxattr " + name, path, errno);
            }

            var buffer = new byte[size];
            if (size == 0)
            {
                return buffer;
            }

            nint got;
            fixed (byte* p = buffer)
            {
                got = LibC.LGetXattr(path, name, p, (nuint)buffer.Length);
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

                throw LinuxErrors.Create("lgetxattr " + name, path, errno);
            }

            return got == buffer.Length ? buffer : buffer.AsSpan(0, (int)got).ToArray();
        }
    }

    /// <summary>All attributes with their raw values, keyed by name (ordinal).</summary>
    public IReadOnlyDictionary<string, byte[]> GetXattrs(string path)
    {
        var names = ListXattrs(path);
        if (names.Count == 0)
        {
            return new Dictionary<string, byte[]>(StringComparer.Ordinal);
        }

        var result = new Dictionary<string, byte[]>(names.Count, StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (GetXattr(path, name) is { } value)
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
