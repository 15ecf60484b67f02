using System.Security.Cryptography;
using System.Text;
using Kiln.Linux;

namespace Kiln.Archives.Tests.Support;

/// <summary>
/// A comparable description of a directory tree: per path its type, mode, owner, size, mtime (ns),
/// device numbers, link target, hardlink group, xattrs (hex) and content hash. Root excluded.
/// </summary>
internal static class TreeSnapshot
{
    public static List<string> Capture(string root, bool includeDirectoryTimes = true)
    {
        var fs = new LinuxFileSystem();
        var lines = new List<string>();
        var groups = new Dictionary<FileIdentity, string>();
        Walk(fs, root, string.Empty, lines, groups, includeDirectoryTimes);
        return lines;
    }

    private static void Walk(LinuxFileSystem fs, string dir, string rel, List<string> lines, Dictionary<FileIdentity, string> groups, bool dirTimes)
    {
        var names = Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            var host = dir + "/" + name;
            var path = rel.Length == 0 ? name! : rel + "/" + name;
            var st = fs.LStat(host);
            var sb = new StringBuilder();
            sb.Append(path).Append(' ').Append(st.Kind).Append(' ').Append(Convert.ToString(st.Mode, 8))
                .Append(' ').Append(st.Uid).Append(':').Append(st.Gid);
            if (st.Kind != FileKind.Directory || dirTimes)
            {
                sb.Append(" t=").Append(st.ModificationTime);
            }

            if (st.Kind != FileKind.Directory && st.LinkCount > 1)
            {
                if (!groups.TryGetValue(st.Identity, out var first))
                {
                    groups[st.Identity] = first = path;
                }

                sb.Append(" group=").Append(first);
            }

            switch (st.Kind)
            {
                case FileKind.Regular:
                    sb.Append(" size=").Append(st.Size).Append(" sha=").Append(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(host))));
                    break;
                case FileKind.Symlink:
                    sb.Append(" -> ").Append(fs.ReadLink(host));
                    break;
                case FileKind.CharacterDevice:
                case FileKind.BlockDevice:
                    sb.Append(" dev=").Append(st.RDevMajor).Append(',').Append(st.RDevMinor);
                    break;
            }

            foreach (var (key, value) in fs.GetXattrs(host).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                sb.Append(" x:").Append(key).Append('=').Append(Convert.ToHexStringLower(value));
            }

            lines.Add(sb.ToString());
            if (st.Kind == FileKind.Directory)
            {
                Walk(fs, host, path, lines, groups, dirTimes);
            }
        }
    }
}
