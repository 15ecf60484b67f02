using Kiln.Archives.Tar;

namespace Kiln.Archives.Tests.Support;

/// <summary>Writes and reads whole (small) archives in memory for tests.</summary>
internal static class TarBytes
{
    public static byte[] Write(IEnumerable<(TarEntry Entry, byte[]? Content)> entries, PaxTarWriterOptions? options = null)
    {
        var output = new MemoryStream();
        using (var writer = new PaxTarWriter(output, options, leaveOpen: true))
        {
            foreach (var (entry, content) in entries)
            {
                writer.WriteEntry(entry, content is null ? null : new MemoryStream(content));
            }
        }

        return output.ToArray();
    }

    public static byte[] Write(params TarEntry[] entries) => Write(entries.Select(e => (e, (byte[]?)null)));

    public static List<(TarEntry Entry, byte[] Content)> Read(byte[] tar) => Read(new MemoryStream(tar));

    public static List<(TarEntry Entry, byte[] Content)> Read(Stream tar)
    {
        var result = new List<(TarEntry, byte[])>();
        using var reader = new TarReader(tar);
        while (reader.GetNextEntry() is { } entry)
        {
            var data = new MemoryStream();
            reader.Content.CopyTo(data);
            result.Add((entry, data.ToArray()));
        }

        return result;
    }
}
