namespace Kiln.Cli.Tests.Differential;

/// <summary>
/// One entry of a differential case's build context: a file (with content and mode), a directory, a symlink or a hard link.
/// Paths are relative to the context root with <c>/</c> separators.
/// </summary>
public sealed record ContextEntry(string Path, ContextEntryKind Kind, byte[] Content, int Mode, string? LinkTarget = null)
{
    public static ContextEntry File(string path, string content, int mode = 0b110_100_100) =>
        new(path, ContextEntryKind.File, System.Text.Encoding.UTF8.GetBytes(content), mode);

    public static ContextEntry Bytes(string path, byte[] content, int mode = 0b110_100_100) =>
        new(path, ContextEntryKind.File, content, mode);

    public static ContextEntry Directory(string path, int mode = 0b111_101_101) =>
        new(path, ContextEntryKind.Directory, [], mode);

    public static ContextEntry Symlink(string path, string target) =>
        new(path, ContextEntryKind.Symlink, [], 0b111_111_111, target);

    /// <summary>A hard link to the context file <paramref name="target"/> (context-relative, written earlier in the list).</summary>
    public static ContextEntry Hardlink(string path, string target) =>
        new(path, ContextEntryKind.Hardlink, [], 0, target);
}
