namespace Kiln.Build.Context.Hashing;

/// <summary>
/// A COPY/ADD source that does not resolve in the build context (DF-COPY-WILDCARD literal misses,
/// DF-COPY-SRC-NORMALIZE, DF-COPY-IGNORE). The message keeps BuildKit's
/// <c>failed to compute cache key: "/x": not found</c> and adds why: the <c>.dockerignore</c> line that
/// excludes it, that <c>../</c> cannot leave the context, or that it simply does not exist, with what to do.
/// </summary>
public sealed class ContextSourceException : Exception
{
    public ContextSourceException(string source, string path, ContextSourceError error, string message, PatternMatchResult? exclusion = null)
        : base(message)
    {
        Source = source;
        Path = path;
        Error = error;
        Exclusion = exclusion;
    }

    public ContextSourceException()
        : this("source not found")
    {
    }

    public ContextSourceException(string message)
        : base(message)
    {
        Source = string.Empty;
        Path = string.Empty;
    }

    public ContextSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
        Source = string.Empty;
        Path = string.Empty;
    }

    /// <summary>The source as written in the Dockerfile (after variable expansion).</summary>
    public new string Source { get; }

    /// <summary>The normalised context path BuildKit would report, e.g. <c>/app.log</c>.</summary>
    public string Path { get; }

    /// <summary>What went wrong.</summary>
    public ContextSourceError Error { get; }

    /// <summary>For <see cref="ContextSourceError.ExcludedByIgnoreFile"/>: the deciding pattern and its line.</summary>
    public PatternMatchResult? Exclusion { get; }
}
