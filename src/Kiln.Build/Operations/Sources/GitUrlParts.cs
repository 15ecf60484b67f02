namespace Kiln.Build.Operations.Sources;

/// <summary>
/// A git URL split the way BuildKit's <c>gitutil.ParseURL</c> splits it (DF-ADD-GIT): the remote handed to
/// <c>git</c> (no query, no fragment), the decoded path, and the raw query and decoded fragment that carry the
/// DF-ADD-GIT-REF options.
/// </summary>
internal sealed record GitUrlParts(string Scheme, string Remote, string Path, string? RawQuery, string? Fragment);
