namespace Kiln.Build.Context;

/// <summary>
/// The outcome of matching a path against a pattern list (IGN-EXCEPTION: the last applicable pattern
/// wins). <see cref="DecidedBy"/> is that pattern: the excluding pattern when <see cref="IsMatch"/>,
/// the re-including <c>!</c> pattern when an exception undid a match, null when nothing applied.
/// </summary>
public readonly record struct PatternMatchResult(bool IsMatch, IgnorePattern? DecidedBy)
{
    /// <summary>
    /// Explains the result for messages, e.g. <c>excluded by .dockerignore line 3 (`*.log`)</c> or
    /// <c>re-included by .dockerignore line 4 (`!keep.log`)</c>.
    /// </summary>
    public string Describe() => (IsMatch, DecidedBy) switch
    {
        (true, { } p) => "excluded by " + p.Describe(),
        (false, { } p) => "re-included by " + p.Describe(),
        _ => "not matched by any pattern",
    };
}
