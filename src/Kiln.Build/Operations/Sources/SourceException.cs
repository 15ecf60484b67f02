namespace Kiln.Build.Operations.Sources;

/// <summary>
/// A remote <c>ADD</c> source that cannot be used (DF-ADD-URL, DF-ADD-CHECKSUM, DF-ADD-GIT, DF-ADD-GIT-REF,
/// DF-ADD-KEEP-GIT-DIR): a malformed git URL, an HTTP error, a checksum mismatch, a git failure. <see cref="Id"/>
/// is stable (<c>KILN22xx</c>); the message names the source (credentials removed) and what to do.
/// </summary>
public sealed class SourceException : Exception
{
    /// <summary>The git URL or its options are malformed (unknown query key, conflicting ref/tag/branch, ...).</summary>
    public const string InvalidGitUrl = "KILN2201";

    /// <summary>The HTTP server answered with a status outside 2xx.</summary>
    public const string HttpStatus = "KILN2202";

    /// <summary>The downloaded content does not match <c>--checksum</c>.</summary>
    public const string HttpChecksumMismatch = "KILN2203";

    /// <summary>A git command (fetch, checkout, ...) failed or the ref does not exist.</summary>
    public const string GitFailed = "KILN2204";

    /// <summary>The commit does not match the git checksum (<c>--checksum</c> or <c>?checksum=</c>).</summary>
    public const string GitChecksumMismatch = "KILN2205";

    /// <summary>The git subdirectory does not exist, is not a directory or leaves the repository.</summary>
    public const string GitSubdir = "KILN2206";

    /// <summary>The instruction's flags and the URL's options disagree (<c>--keep-git-dir</c>, <c>--checksum</c>).</summary>
    public const string ConflictingOptions = "KILN2207";

    /// <summary>The download stopped sending data for longer than the idle timeout.</summary>
    public const string HttpStalled = "KILN2208";

    /// <summary>The <c>git</c> program is not installed.</summary>
    public const string GitMissing = "KILN2209";

    /// <summary>The HTTP request failed before a response (DNS, connection refused, TLS, ...).</summary>
    public const string HttpFailed = "KILN2210";

    public SourceException(string id, string source, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Id = id;
        Source = source;
    }

    public SourceException()
        : this("source error")
    {
    }

    public SourceException(string message)
        : this(message, (Exception?)null)
    {
    }

    public SourceException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Id = string.Empty;
        Source = string.Empty;
    }

    /// <summary>The stable error id, <c>KILN22xx</c>.</summary>
    public string Id { get; }

    /// <summary>The source URL as shown to the user (without credentials).</summary>
    public new string Source { get; }
}
