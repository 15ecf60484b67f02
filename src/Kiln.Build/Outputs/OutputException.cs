namespace Kiln.Build.Outputs;

/// <summary>
/// A user-facing error about an output (CLI-OUTPUT*, CLI-IIDFILE, CLI-METADATA-FILE): a malformed <c>-o</c> value, an
/// output Kiln cannot produce yet (pushing), or a destination that cannot be written. <see cref="Id"/> is stable.
/// </summary>
public sealed class OutputException : Exception
{
    /// <summary>The <c>-o</c> value cannot be parsed or names an unknown type or attribute value.</summary>
    public const string InvalidSpecId = "KILN2201";

    /// <summary>The output is valid but Kiln cannot produce it yet (pushing to a registry).</summary>
    public const string UnsupportedId = "KILN2202";

    /// <summary>The destination cannot be used (a directory where a file is expected, a missing <c>dest</c>).</summary>
    public const string DestinationId = "KILN2203";

    public OutputException(string id, string message)
        : base(message)
    {
        Id = id;
    }

    public OutputException(string id, string message, Exception innerException)
        : base(message, innerException)
    {
        Id = id;
    }

    public OutputException()
        : this(InvalidSpecId, "invalid output")
    {
    }

    public OutputException(string message)
        : this(InvalidSpecId, message)
    {
    }

    public OutputException(string message, Exception innerException)
        : this(InvalidSpecId, message, innerException)
    {
    }

    /// <summary>The stable error id (<c>KILN22xx</c>).</summary>
    public string Id { get; }
}
