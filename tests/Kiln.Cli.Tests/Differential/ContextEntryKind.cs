namespace Kiln.Cli.Tests.Differential;

/// <summary>What a <see cref="ContextEntry"/> creates in the build context.</summary>
public enum ContextEntryKind
{
    File,
    Directory,
    Symlink,

    /// <summary>A hard link to the earlier context file named by <see cref="ContextEntry.LinkTarget"/>.</summary>
    Hardlink,
}
