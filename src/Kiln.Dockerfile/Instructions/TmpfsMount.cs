namespace Kiln.Dockerfile.Instructions;

/// <summary>A <c>type=tmpfs</c> mount (DF-RUN-MOUNT-TMPFS).</summary>
public sealed record TmpfsMount : Mount
{
    public override MountType Type => MountType.Tmpfs;

    /// <summary>Size limit in bytes (<c>size=64m</c>), or null for none.</summary>
    public long? Size { get; init; }
}
