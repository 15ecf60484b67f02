namespace Kiln.Linux;

/// <summary>
/// One name in a directory as <c>readdir</c> reports it (<see cref="LinuxFileSystem.ReadDirectory"/>): the
/// name and, when the file system fills in <c>d_type</c>, its kind, known without a <c>stat</c>.
/// </summary>
/// <param name="Name">The entry's name (never <c>.</c> or <c>..</c>).</param>
/// <param name="Kind">The kind from <c>d_type</c>; null when the file system answered <c>DT_UNKNOWN</c>.</param>
public readonly record struct DirectoryEntry(string Name, FileKind? Kind);
