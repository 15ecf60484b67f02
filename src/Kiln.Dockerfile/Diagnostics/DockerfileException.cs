namespace Kiln.Dockerfile.Diagnostics;

/// <summary>
/// Thrown when a Dockerfile (or a value derived from it) is invalid. Carries a <see cref="Diagnostic"/>
/// with the id, file, line and column so the CLI can print the offending line with a marker.
/// </summary>
public sealed class DockerfileException : Exception
{
    public DockerfileException(Diagnostic diagnostic)
        : base(diagnostic?.Message)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        Diagnostic = diagnostic;
    }

    public DockerfileException(string id, string message, string? filePath, SourceRange? range, string? suggestion = null)
        : this(Diagnostic.Error(id, message, filePath, range, suggestion))
    {
    }

    public DockerfileException()
        : this("KILN1000", "invalid Dockerfile", null, null)
    {
    }

    public DockerfileException(string message)
        : this("KILN1000", message, null, null)
    {
    }

    public DockerfileException(string message, Exception innerException)
        : base(message, innerException)
    {
        Diagnostic = Diagnostic.Error("KILN1000", message, null, null);
    }

    public Diagnostic Diagnostic { get; }
}
