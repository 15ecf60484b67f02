namespace Kiln.Dockerfile.Diagnostics;

/// <summary>
/// One error or warning about a source file: a stable id (<c>KILN1001</c> for errors, the BuildKit
/// rule name such as <c>JSONArgsRecommended</c> for build checks), a message, where it is, and an
/// optional suggestion of how to fix it.
/// </summary>
public sealed record Diagnostic
{
    public required string Id { get; init; }

    public required DiagnosticSeverity Severity { get; init; }

    public required string Message { get; init; }

    /// <summary>The source file path as shown to the user, or null when not tied to a file.</summary>
    public string? FilePath { get; init; }

    /// <summary>Where in the file, or null when the whole file is meant.</summary>
    public SourceRange? Range { get; init; }

    /// <summary>What to do about it ("did you mean RUN?"), or null.</summary>
    public string? Suggestion { get; init; }

    /// <summary>A short description of the rule (build checks), or null.</summary>
    public string? Description { get; init; }

    /// <summary>A documentation URL (build checks), or null.</summary>
    public string? Url { get; init; }

    public static Diagnostic Error(string id, string message, string? filePath, SourceRange? range, string? suggestion = null) =>
        new() { Id = id, Severity = DiagnosticSeverity.Error, Message = message, FilePath = filePath, Range = range, Suggestion = suggestion };

    public static Diagnostic Warning(string id, string message, string? filePath, SourceRange? range, string? suggestion = null) =>
        new() { Id = id, Severity = DiagnosticSeverity.Warning, Message = message, FilePath = filePath, Range = range, Suggestion = suggestion };
}
