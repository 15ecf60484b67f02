namespace Kiln.Build.Context;

/// <summary>
/// One filter layer over a build context (walk-vectors §3): an optional include list (only matching
/// paths, plus the directories leading to them, are seen) and an optional exclude list (matching
/// paths are hidden unless a <c>!</c> exception re-includes them). Exceptions act only within their
/// own layer. The context's <c>.dockerignore</c> is an exclude-only layer (IGN-FILE).
/// </summary>
public sealed record ContextFilter(PatternMatcher? Include, PatternMatcher? Exclude)
{
    /// <summary>
    /// Builds a layer from raw pattern lists; a null or empty list means "no such filter".
    /// </summary>
    /// <exception cref="IgnorePatternException">A bare <c>!</c> or a malformed pattern.</exception>
    public static ContextFilter Create(IReadOnlyCollection<string>? include, IReadOnlyCollection<string>? exclude) => new(
        include is { Count: > 0 } ? PatternMatcher.Create(include, "include pattern") : null,
        exclude is { Count: > 0 } ? PatternMatcher.Create(exclude, "exclude pattern") : null);

    /// <summary>An exclude-only layer from the patterns of an ignore file.</summary>
    /// <exception cref="IgnorePatternException">A bare <c>!</c> or a malformed pattern.</exception>
    public static ContextFilter FromIgnoreFile(IReadOnlyList<IgnorePattern> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        return new ContextFilter(null, patterns.Count > 0 ? PatternMatcher.Create(patterns) : null);
    }
}
