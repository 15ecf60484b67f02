namespace Kiln.Dockerfile.Diagnostics;

/// <summary>How serious a <see cref="Diagnostic"/> is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>A build check finding or parser warning; the build goes on.</summary>
    Warning,

    /// <summary>The Dockerfile is invalid; nothing is built.</summary>
    Error,
}
