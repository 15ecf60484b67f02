using Kiln.Archives.Tar;
using Kiln.Linux;

namespace Kiln.Transports.Archives;

/// <summary>
/// Entries of the archives Kiln writes: root-owned, mtime 0, files 0644 and directories 0755, so the same images give
/// the same archive bytes in any process (issue 3 "Layer format": deterministic tar).
/// </summary>
internal static class ArchiveTar
{
    public static void WriteDirectory(PaxTarWriter tar, string name) =>
        tar.WriteEntry(new TarEntry { Path = name, Type = TarEntryType.Directory, Mode = 0b111_101_101, ModificationTime = UnixTimestamp.FromSeconds(0) });

    public static void WriteFile(PaxTarWriter tar, string name, ReadOnlyMemory<byte> content)
    {
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        WriteFile(tar, name, content.Length, stream);
    }

    public static void WriteFile(PaxTarWriter tar, string name, long size, Stream content) =>
        tar.WriteEntry(
            new TarEntry { Path = name, Type = TarEntryType.RegularFile, Mode = 0b110_100_100, Size = size, ModificationTime = UnixTimestamp.FromSeconds(0) },
            content);

    /// <summary>Reads a verifying stream to its end so that its digest check runs (the tar writer stops at the entry size).</summary>
    public static async Task DrainAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        while (await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
        {
        }
    }
}
