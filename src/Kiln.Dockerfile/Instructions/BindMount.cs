namespace Kiln.Dockerfile.Instructions;

/// <summary>A <c>type=bind</c> mount (DF-RUN-MOUNT-BIND): read-only by default, writes discarded when <c>rw</c>.</summary>
public sealed record BindMount : Mount
{
    public override MountType Type => MountType.Bind;

    /// <summary>The path inside <see cref="From"/> (null = its root).</summary>
    public string? Source { get; init; }

    /// <summary>Stage, image or named context to mount from; null = the build context.</summary>
    public string? From { get; init; }
}
