namespace Kiln.Build.Operations.Sources;

/// <summary>
/// A checked-out git source (DF-ADD-GIT): the directory whose content <c>ADD</c> copies (the subdirectory when
/// one was asked for) and the full SHA of the commit checked out.
/// </summary>
public sealed record FetchedTree(string Directory, string CommitSha);
