namespace Kiln.Build.Context;

/// <summary>The ignore file chosen for a build (IGN-FILE, IGN-DOCKERFILE-SPECIFIC) and its patterns.</summary>
/// <param name="Path">Absolute path of the ignore file.</param>
/// <param name="DisplayName">The name used in messages: relative to the context when inside it, else the full path.</param>
/// <param name="IsDockerfileSpecific">True for <c>&lt;Dockerfile&gt;.dockerignore</c>, false for the context-root <c>.dockerignore</c>.</param>
/// <param name="Patterns">The patterns in file order, with line numbers.</param>
public sealed record LocatedIgnoreFile(string Path, string DisplayName, bool IsDockerfileSpecific, IReadOnlyList<IgnorePattern> Patterns)
{
    /// <summary>True when any pattern is a <c>!</c> exception (the CopyIgnoredFile lint is then skipped).</summary>
    public bool HasExceptions => Patterns.Any(p => p.IsException);

    /// <summary>The exclude-only filter layer for the build context.</summary>
    /// <exception cref="IgnorePatternException">A bare <c>!</c> or a malformed pattern.</exception>
    public ContextFilter ToFilter() => ContextFilter.FromIgnoreFile(Patterns);
}
