namespace Kiln.Linux;

/// <summary>The type of a filesystem object, from the <c>S_IFMT</c> bits of its mode.</summary>
public enum FileKind
{
    Regular,
    Directory,
    Symlink,
    CharacterDevice,
    BlockDevice,
    Fifo,
    Socket,
}
