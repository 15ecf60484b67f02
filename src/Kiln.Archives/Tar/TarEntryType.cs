namespace Kiln.Archives.Tar;

/// <summary>The kinds of tar entry a container layer can hold (ustar typeflags 0-6).</summary>
public enum TarEntryType
{
    RegularFile,
    Directory,
    Symlink,
    HardLink,
    CharacterDevice,
    BlockDevice,
    Fifo,
}
