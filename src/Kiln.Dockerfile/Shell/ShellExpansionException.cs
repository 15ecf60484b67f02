namespace Kiln.Dockerfile.Shell;

/// <summary>
/// Thrown by <see cref="ShellLexer"/> when a word cannot be processed (DF-VAR-ERRORS, DF-VAR-REQUIRED,
/// DF-VAR-QUOTES). <see cref="Exception.Message"/> has BuildKit's form <c>failed to process "word": detail</c>;
/// callers that know the Dockerfile location wrap it into a <c>DockerfileException</c>.
/// </summary>
public sealed class ShellExpansionException : Exception
{
    public ShellExpansionException()
        : this("invalid shell word")
    {
    }

    public ShellExpansionException(string message)
        : base(message)
    {
        Detail = message;
    }

    public ShellExpansionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Detail = message;
    }

    /// <summary>Creates the exception for <paramref name="word"/> failing with <paramref name="detail"/>.</summary>
    public ShellExpansionException(string detail, string word, int? offset)
        : base("failed to process " + GoQuote(word) + ": " + detail)
    {
        Detail = detail;
        Word = word;
        Offset = offset;
    }

    /// <summary>The bare reason, e.g. <c>X: is not allowed to be unset</c> or <c>syntax error: missing '}'</c>.</summary>
    public string Detail { get; }

    /// <summary>The word that was being processed, when known.</summary>
    public string? Word { get; }

    /// <summary>0-based offset in <see cref="Word"/> of the construct that failed, when known.</summary>
    public int? Offset { get; }

    private static string GoQuote(string? s)
    {
        if (s is null)
        {
            return "\"\"";
        }

        var sb = new System.Text.StringBuilder(s.Length + 2);
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                default: sb.Append(c); break;
            }
        }

        sb.Append('"');
        return sb.ToString();
    }
}
