using System.Text;

namespace Kiln.Build.Context;

/// <summary>A raw directory entry seen by the walker before filtering; its <see cref="ContextEntry"/> is built lazily.</summary>
internal sealed class WalkItem(string path, int depth, ContextEntryKind kind, FileSystemInfo info)
{
    private ContextEntry? entry;

    public string Path { get; } = path;

    public int Depth { get; } = depth;

    public ContextEntryKind Kind { get; } = kind;

    public ContextEntry ToEntry() => entry ??= Create();

    private ContextEntry Create()
    {
        var linkTarget = Kind == ContextEntryKind.Symlink ? info.LinkTarget : null;
        long size = Kind switch
        {
            ContextEntryKind.File when info is FileInfo file => file.Length,
            ContextEntryKind.Symlink => Encoding.UTF8.GetByteCount(linkTarget ?? string.Empty),
            _ => 0,
        };
        var mode = OperatingSystem.IsWindows() ? default : info.UnixFileMode;
        return new ContextEntry(Path, info.FullName, Kind, size, mode, info.LastWriteTimeUtc, linkTarget);
    }
}
