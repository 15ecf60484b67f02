namespace Kiln.Linux;

/// <summary>
/// The result of <c>statx</c> (<see cref="LinuxFileSystem.LStat"/>): type, permission bits (including setuid,
/// setgid and sticky), owner, size, times with nanoseconds, the device numbers of a device node and the
/// identity used to detect hardlinks.
/// </summary>
public sealed record FileStatus
{
    public required FileKind Kind { get; init; }

    /// <summary>Permission bits only (<c>mode &amp; 07777</c>).</summary>
    public required int Mode { get; init; }

    public required uint Uid { get; init; }

    public required uint Gid { get; init; }

    public required long Size { get; init; }

    public required UnixTimestamp ModificationTime { get; init; }

    public required UnixTimestamp AccessTime { get; init; }

    /// <summary>Status change time (ctime): moves on every content or metadata change, and cannot be set by callers.</summary>
    public UnixTimestamp ChangeTime { get; init; }

    /// <summary>For character and block devices: the device's major number (<c>st_rdev</c>).</summary>
    public required uint RDevMajor { get; init; }

    /// <summary>For character and block devices: the device's minor number (<c>st_rdev</c>).</summary>
    public required uint RDevMinor { get; init; }

    public required FileIdentity Identity { get; init; }

    public required uint LinkCount { get; init; }
}
