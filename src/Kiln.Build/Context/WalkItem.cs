using System.Text;
using Kiln.Linux;

namespace Kiln.Build.Context;

/// <summary>
/// A raw directory entry seen by the walker before filtering, with its kind from <c>d_type</c>; its
/// <see cref="ContextEntry"/> (one <c>statx</c>) is built only when the filters let it through.
/// </summary>
internal sealed class WalkItem(string path, int depth, ContextEntryKind kind, string fullPath, LinuxFileSystem fileSystem, FileStatus? status = null)
{
    private ContextEntry? entry;

    public string Path { get; } = path;

    public int Depth { get; } = depth;

    public ContextEntryKind Kind { get; } = kind;

    public ContextEntry ToEntry() => entry ??= Create();

    private ContextEntry Create()
    {
        var stat = status ?? fileSystem.TryLStat(fullPath);
        if (stat is null)
        {
            // Removed since the directory was read: the hasher skips it, as it skips any vanished entry.
            return new ContextEntry(Path, fullPath, Kind, 0, 0, default, null);
        }

        string? linkTarget = null;
        if (Kind == ContextEntryKind.Symlink)
        {
            try
            {
                linkTarget = fileSystem.ReadLink(fullPath);
            }
            catch (IOException)
            {
                linkTarget = string.Empty;
            }
        }

        long size = Kind switch
        {
            ContextEntryKind.File => stat.Size,
            ContextEntryKind.Symlink => Encoding.UTF8.GetByteCount(linkTarget ?? string.Empty),
            _ => 0,
        };
        return new ContextEntry(Path, fullPath, Kind, size, (UnixFileMode)stat.Mode, stat.ModificationTime.ToDateTimeOffset().UtcDateTime, linkTarget)
        {
            Status = stat,
        };
    }
}
