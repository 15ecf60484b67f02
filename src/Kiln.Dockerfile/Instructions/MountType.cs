namespace Kiln.Dockerfile.Instructions;

/// <summary>The <c>RUN --mount</c> types (DF-RUN-MOUNT-*).</summary>
public enum MountType
{
    /// <summary><c>type=bind</c> (the default).</summary>
    Bind,

    /// <summary><c>type=cache</c>.</summary>
    Cache,

    /// <summary><c>type=tmpfs</c>.</summary>
    Tmpfs,

    /// <summary><c>type=secret</c>.</summary>
    Secret,

    /// <summary><c>type=ssh</c>.</summary>
    Ssh,
}
