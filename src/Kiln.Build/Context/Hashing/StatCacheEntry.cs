namespace Kiln.Build.Context.Hashing;

/// <summary>One remembered file in a <see cref="StatCache"/>: the stat fields it was hashed under, its content SHA-256 and the last run that used it.</summary>
internal sealed class StatCacheEntry(FileMetadata metadata, byte[] contentSha256, long lastSeenRun)
{
    public FileMetadata Metadata { get; } = metadata;

    public byte[] ContentSha256 { get; } = contentSha256;

    public long LastSeenRun { get; set; } = lastSeenRun;
}
