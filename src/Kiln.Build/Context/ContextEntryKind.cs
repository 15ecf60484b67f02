namespace Kiln.Build.Context;

/// <summary>What a build-context entry is (from <c>lstat</c>; symlinks are never followed).</summary>
public enum ContextEntryKind
{
    /// <summary>A regular file (special files such as FIFOs are reported as files too).</summary>
    File,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A symbolic link (reported, not followed).</summary>
    Symlink,
}
