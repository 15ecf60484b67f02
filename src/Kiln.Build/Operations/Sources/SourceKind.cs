namespace Kiln.Build.Operations.Sources;

/// <summary>Where an <c>ADD</c> source comes from (DF-ADD-URL, DF-ADD-GIT; everything else is the build context).</summary>
public enum SourceKind
{
    /// <summary>A path in the build context (or a named context / stage); local archives are unpacked (DF-ADD-TAR).</summary>
    Local,

    /// <summary>An <c>http://</c> or <c>https://</c> URL that is not a git repository: downloaded (DF-ADD-URL).</summary>
    Http,

    /// <summary>A git repository URL, cloned (DF-ADD-GIT, DF-ADD-GIT-REF).</summary>
    Git,
}
