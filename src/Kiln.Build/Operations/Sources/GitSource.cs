namespace Kiln.Build.Operations.Sources;

/// <summary>
/// A git <c>ADD</c> source (DF-ADD-GIT) with its options (DF-ADD-GIT-REF): the fragment form
/// <c>#ref[:subdir]</c> and the query form <c>?ref=</c>, <c>tag=</c>, <c>branch=</c>, <c>subdir=</c>,
/// <c>checksum=</c>/<c>commit=</c>, <c>keep-git-dir[=bool]</c>, <c>submodules[=bool]</c>,
/// <c>mtime=checkout|commit</c>, <c>fetch-by-commit[=bool]</c>. <c>tag=x</c> becomes <c>refs/tags/x</c> and
/// <c>branch=x</c> <c>refs/heads/x</c>, as in BuildKit's <c>dfgitutil</c>.
/// </summary>
public sealed partial record GitSource
{
    public GitSource(string remote)
    {
        ArgumentException.ThrowIfNullOrEmpty(remote);
        Remote = remote;
    }

    /// <summary>The URL given to <c>git</c>: the source without query and fragment.</summary>
    public string Remote { get; init; }

    /// <summary>A branch, tag, full ref (<c>refs/heads/x</c>, <c>refs/pull/1/head</c>) or commit; null for the remote's HEAD.</summary>
    public string? Ref { get; init; }

    /// <summary>The directory inside the repository whose content is added; null for the whole tree.</summary>
    public string? Subdir { get; init; }

    /// <summary>The expected commit (a hex prefix of its SHA, lower case) from <c>?checksum=</c> or <c>?commit=</c>.</summary>
    public string? Checksum { get; init; }

    /// <summary><c>?keep-git-dir=</c>: null when the URL does not say.</summary>
    public bool? KeepGitDir { get; init; }

    /// <summary><c>?submodules=</c>: null when the URL does not say (submodules are then fetched).</summary>
    public bool? Submodules { get; init; }

    /// <summary><c>?mtime=</c>: <c>checkout</c> (files keep the time of the checkout) or <c>commit</c> (the commit's time); null = checkout.</summary>
    public string? MTime { get; init; }

    /// <summary><c>?fetch-by-commit</c>: fetch the checksum's commit itself rather than the ref (needs a full SHA checksum).</summary>
    public bool FetchByCommit { get; init; }

    /// <summary>True for <c>http://</c> and <c>git://</c>: plain-text transports BuildKit discourages.</summary>
    public bool UnencryptedTransport { get; init; }

    /// <summary>
    /// Combines <c>--keep-git-dir</c> with the URL's <c>keep-git-dir</c> (DF-ADD-KEEP-GIT-DIR): either may be
    /// absent; when both are given and differ the build fails, as BuildKit's frontend does.
    /// </summary>
    /// <exception cref="SourceException">The flag and the URL disagree.</exception>
    public bool ResolveKeepGitDir(bool? instructionFlag)
    {
        if (instructionFlag is { } flag && KeepGitDir is { } url && flag != url)
        {
            throw new SourceException(
                SourceException.ConflictingOptions,
                Remote,
                $"ADD {Remote}: --keep-git-dir={(flag ? "true" : "false")} conflicts with keep-git-dir={(url ? "true" : "false")} in the URL; keep only one of them");
        }

        return KeepGitDir ?? instructionFlag ?? false;
    }

    /// <summary>
    /// Combines <c>--checksum</c> with the URL's <c>checksum</c>/<c>commit</c> (DF-ADD-CHECKSUM): when both are
    /// given they must be equal.
    /// </summary>
    /// <exception cref="SourceException">The two checksums differ or the flag is not a hex commit SHA (prefix).</exception>
    public string? ResolveChecksum(string? instructionChecksum)
    {
        if (string.IsNullOrEmpty(instructionChecksum))
        {
            return Checksum;
        }

        var flag = NormaliseChecksum(instructionChecksum, Remote, "--checksum");
        if (Checksum is not null && Checksum != flag)
        {
            throw new SourceException(
                SourceException.ConflictingOptions,
                Remote,
                $"ADD {Remote}: --checksum={instructionChecksum} conflicts with checksum={Checksum} in the URL; keep only one of them");
        }

        return flag;
    }

    /// <summary>The source as written back for messages: remote and ref, never credentials.</summary>
    public string Display => Redact(Remote) + (Ref is null ? string.Empty : "#" + Ref) + (Subdir is null ? string.Empty : ":" + Subdir);
}
