namespace Kiln.Dockerfile.Instructions;

/// <summary>
/// A <c>type=secret</c> mount (DF-RUN-MOUNT-SECRET): the secret as a file (default
/// <c>/run/secrets/&lt;id&gt;</c>) and/or an environment variable (<c>env=</c>).
/// </summary>
public sealed record SecretMount : Mount
{
    public override MountType Type => MountType.Secret;

    /// <summary>The <c>id</c> (or its alias <c>source</c>), or null.</summary>
    public string? Id { get; init; }

    /// <summary>The <c>env=NAME</c> variable to expose the secret as, or null.</summary>
    public string? Env { get; init; }

    /// <summary>True: a missing secret fails the build (default false).</summary>
    public bool Required { get; init; }

    /// <summary>File mode (default 0400).</summary>
    public uint Mode { get; init; } = Convert.ToUInt32("400", 8);

    /// <summary>File owner uid (default 0).</summary>
    public uint Uid { get; init; }

    /// <summary>File owner gid (default 0).</summary>
    public uint Gid { get; init; }

    /// <summary>The secret id: <see cref="Id"/>, else the base name of <see cref="Mount.Target"/>.</summary>
    public string EffectiveId => Id ?? (Target is null ? string.Empty : Path.GetFileName(Target.TrimEnd('/')));

    /// <summary>Where the file is mounted: the target, else <c>/run/secrets/&lt;id&gt;</c> unless only <c>env=</c> was asked.</summary>
    public string? EffectiveTarget => Target ?? (Env is null ? "/run/secrets/" + EffectiveId : null);
}
