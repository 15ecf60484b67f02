namespace Kiln.Build.Operations.Files;

/// <summary>
/// What one COPY/ADD instruction writes into a mounted stage filesystem (DF-COPY-DIR, DF-COPY-DEST,
/// DF-COPY-SYMLINK, DF-COPY-PARENTS, DF-COPY-EXCLUDE, DF-COPY-CHOWN, DF-COPY-CHMOD, DF-COPY-LINK).
/// </summary>
public sealed record CopyRequest
{
    /// <summary>The sources in instruction order; each is copied as BuildKit copies one match.</summary>
    public required IReadOnlyList<CopySourceItem> Sources { get; init; }

    /// <summary>The host directory that is "/" of the target stage (an overlay merged dir, or an empty dir for <c>--link</c>).</summary>
    public required string TargetRoot { get; init; }

    /// <summary>
    /// The destination as written after expansion: absolute, or relative to <see cref="WorkingDirectory"/>.
    /// A trailing <c>/</c> (or <c>.</c>, <c>/.</c>, empty) means a directory.
    /// </summary>
    public required string Destination { get; init; }

    /// <summary>The stage's WORKDIR (absolute), for a relative <see cref="Destination"/>.</summary>
    public string WorkingDirectory { get; init; } = "/";

    /// <summary>The resolved <c>--chown</c>; also the owner of destination directories COPY creates.</summary>
    public Ownership? Chown { get; init; }

    /// <summary>
    /// False (build context sources): every copied entry is owned by 0:0 unless <see cref="Chown"/>.
    /// True (<c>--from</c> a stage or image): entries keep the source's uid/gid unless <see cref="Chown"/>.
    /// </summary>
    public bool PreserveOwnership { get; init; }

    /// <summary>The <c>--chmod</c>, applied to every copied file and directory (not to created destination directories).</summary>
    public ChmodSpec? Chmod { get; init; }

    /// <summary><c>--exclude</c> patterns (.dockerignore syntax) matched against paths relative to each source (to the pivot for <c>--parents</c>).</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>
    /// Which entries below a source directory exist for the copy (the build context's ignore file, DF-COPY-IGNORE): given
    /// a path relative to the item's <see cref="CopySourceItem.Root"/> (no leading <c>/</c>), false skips the entry and
    /// everything below it. Null copies everything.
    /// </summary>
    public Func<string, bool>? SourceFilter { get; init; }

    /// <summary>False for <c>--link</c>: a symlink that is the destination itself is replaced, not followed.</summary>
    public bool FollowDestinationSymlinks { get; init; } = true;
}
