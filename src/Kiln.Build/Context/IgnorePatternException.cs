namespace Kiln.Build.Context;

/// <summary>
/// Thrown when an ignore-file or exclude/include pattern is invalid (IGN-EXCEPTION: a bare <c>!</c>;
/// IGN-GLOB: malformed <c>[...]</c> class, trailing <c>\</c>, reversed class range). The message names
/// the file, the line and the pattern, and says how to fix it.
/// </summary>
public sealed class IgnorePatternException : Exception
{
    public IgnorePatternException(IgnorePattern pattern, string problem, string suggestion)
        : base(FormatMessage(pattern, problem, suggestion))
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Pattern = pattern;
        Problem = problem;
    }

    public IgnorePatternException()
        : this("invalid ignore pattern")
    {
    }

    public IgnorePatternException(string message)
        : base(message)
    {
        Problem = message;
    }

    public IgnorePatternException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = message;
    }

    /// <summary>The offending pattern with its file and line; null only for the generic constructors.</summary>
    public IgnorePattern? Pattern { get; }

    /// <summary>The ignore file (or pattern source) that holds the bad pattern.</summary>
    public string? SourceFile => Pattern?.SourceFile;

    /// <summary>1-based line of the bad pattern; 0 when unknown.</summary>
    public int Line => Pattern?.Line ?? 0;

    /// <summary>What is wrong, without location (e.g. <c>illegal exclusion pattern: "!"</c>).</summary>
    public string Problem { get; }

    private static string FormatMessage(IgnorePattern pattern, string problem, string suggestion)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return $"{pattern.Location}: {problem} in pattern \"{pattern.Text}\"; {suggestion}";
    }
}
