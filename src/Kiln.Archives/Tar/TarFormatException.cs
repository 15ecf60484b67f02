namespace Kiln.Archives.Tar;

/// <summary>A tar stream that is malformed (bad checksum, bad numeric field, truncated) or uses a feature Kiln does not read.</summary>
public class TarFormatException : IOException
{
    public TarFormatException(string reason, long offset, string? entryPath = null)
        : base($"invalid tar archive at offset {offset}{(entryPath is null ? string.Empty : $" (entry '{entryPath}')")}: {reason}")
    {
        Reason = reason;
        Offset = offset;
        EntryPath = entryPath;
    }

    public string Reason { get; }

    /// <summary>Byte offset in the uncompressed tar of the header block (or data) where the problem was found.</summary>
    public long Offset { get; }

    /// <summary>The entry's path, when the header got far enough to name it.</summary>
    public string? EntryPath { get; }
}
