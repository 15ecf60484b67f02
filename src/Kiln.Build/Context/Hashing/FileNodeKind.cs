namespace Kiln.Build.Context.Hashing;

/// <summary>The file type of a context entry as <c>lstat</c> reports it (symlinks are never followed); part of every content digest.</summary>
public enum FileNodeKind
{
    /// <summary>A regular file: its content is hashed.</summary>
    Regular = 1,

    /// <summary>A directory: hashed as a Merkle node over its children.</summary>
    Directory = 2,

    /// <summary>A symbolic link: its target text is hashed, the target is not followed.</summary>
    Symlink = 3,

    /// <summary>A named pipe (never opened).</summary>
    Fifo = 4,

    /// <summary>A character device (its device numbers are hashed).</summary>
    CharacterDevice = 5,

    /// <summary>A block device (its device numbers are hashed).</summary>
    BlockDevice = 6,

    /// <summary>A Unix socket (never opened).</summary>
    Socket = 7,
}
