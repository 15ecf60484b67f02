namespace Kiln.Build.Context.Hashing;

/// <summary>
/// One remembered file in a <see cref="StatCache"/>: the stat fields it was hashed under, its content SHA-256,
/// whether it was seen to have no extended attributes, and the last run that used it.
/// </summary>
internal sealed class StatCacheEntry(FileMetadata metadata, byte[] contentSha256, bool noExtendedAttributes, long lastSeenRun)
{
    public FileMetadata Metadata { get; } = metadata;

    public byte[] ContentSha256 { get; } = contentSha256;

    /// <summary>
    /// True when the file had no extended attributes under <see cref="Metadata"/>: setting one moves the
    /// ctime, so a matching entry proves there are still none and the hasher need not list them.
    /// </summary>
    public bool NoExtendedAttributes { get; } = noExtendedAttributes;

    public long LastSeenRun { get; set; } = lastSeenRun;
}
