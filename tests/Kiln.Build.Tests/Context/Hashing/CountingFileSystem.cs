using Kiln.Build.Context.Hashing;

namespace Kiln.Build.Tests.Context.Hashing;

/// <summary>Wraps the real file system and counts the calls, so tests can prove a warm cache opens no file.</summary>
internal sealed class CountingFileSystem : IContextFileSystem
{
    private readonly LinuxContextFileSystem inner = new();
    private int opens;
    private int stats;
    private int xattrLists;

    public int Opens => opens;

    public int Stats => stats;

    public int XattrLists => xattrLists;

    public FileMetadata? LStat(string path)
    {
        Interlocked.Increment(ref stats);
        return inner.LStat(path);
    }

    public IReadOnlyList<ExtendedAttribute> ListExtendedAttributes(string path)
    {
        Interlocked.Increment(ref xattrLists);
        return inner.ListExtendedAttributes(path);
    }

    public byte[] ReadLink(string path) => inner.ReadLink(path);

    public Stream OpenRead(string path)
    {
        Interlocked.Increment(ref opens);
        return inner.OpenRead(path);
    }
}
