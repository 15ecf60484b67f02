namespace Kiln.Build.Operations.Files;

/// <summary>
/// One resolved COPY/ADD source (DF-COPY-WILDCARD, DF-COPY-PARENTS): an entry inside a root directory
/// (the build context, a named context or another stage's filesystem).
/// </summary>
/// <param name="Root">The host directory the source lives in; symlinks never resolve outside it.</param>
/// <param name="RelativePath">The path inside <paramref name="Root"/> ("" = the root itself), <c>/</c>-separated.</param>
/// <param name="IsFromWildcard">True when a wildcard produced this entry (informational: BuildKit copies it the same way).</param>
/// <param name="ParentsPath">
/// For <c>COPY --parents</c>: the path recreated under the destination (the part of
/// <paramref name="RelativePath"/> after the <c>/./</c> pivot, or all of it); null otherwise. Such an entry is
/// not followed when it is a symlink, and its parent directories are recreated from the source's.
/// </param>
public sealed record CopySourceItem(string Root, string RelativePath, bool IsFromWildcard = false, string? ParentsPath = null);
