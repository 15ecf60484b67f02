using Kiln.Linux;

namespace Kiln.Archives.Tar;

/// <summary>
/// One tar entry's metadata, independent of how it is encoded (ustar fields, PAX records, GNU long names).
/// <see cref="Path"/> is relative and has no trailing slash (the writer adds one for directories);
/// <see cref="Xattrs"/> values are raw bytes (PAX <c>SCHILY.xattr.*</c>), so binary values such as
/// <c>security.capability</c> survive unchanged.
/// </summary>
public sealed record TarEntry
{
    private static readonly IReadOnlyDictionary<string, byte[]> NoXattrs = new Dictionary<string, byte[]>(StringComparer.Ordinal);

    public required string Path { get; init; }

    public required TarEntryType Type { get; init; }

    /// <summary>Permission bits including setuid, setgid and sticky (<c>07777</c>).</summary>
    public int Mode { get; init; }

    public long Uid { get; init; }

    public long Gid { get; init; }

    /// <summary>Content length; 0 for everything but regular files.</summary>
    public long Size { get; init; }

    public UnixTimestamp ModificationTime { get; init; }

    /// <summary>The symlink's target text, or the hardlink's target path inside the archive.</summary>
    public string? LinkTarget { get; init; }

    public uint DeviceMajor { get; init; }

    public uint DeviceMinor { get; init; }

    public IReadOnlyDictionary<string, byte[]> Xattrs { get; init; } = NoXattrs;
}
