using Kiln.Dockerfile.Diagnostics;

namespace Kiln.Dockerfile.Checks;

/// <summary>
/// The result of running the build checks (LINT-OUTPUT): the findings (warnings whose id is the rule name), ordered by
/// position then rule, and whether <c>check=error=true</c> turns them into a failure.
/// </summary>
public sealed record CheckReport
{
    /// <summary>The findings, ordered by line, column, then rule name.</summary>
    public required IReadOnlyList<Diagnostic> Findings { get; init; }

    /// <summary>The configuration that was applied.</summary>
    public required CheckConfig Config { get; init; }

    /// <summary>The source the findings point into, for excerpts; null when unknown.</summary>
    public SourceFile? Source { get; init; }

    /// <summary>True when <c>error=true</c> and there is at least one finding.</summary>
    public bool IsFailure => Config.ReturnAsError && Findings.Count > 0;

    /// <summary>The distinct rule names of the findings, in order of first appearance.</summary>
    public IReadOnlyList<string> FailedRules => Findings.Select(f => f.Id).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>BuildKit's failure message "lint violation found for rules: A, B", or null when not a failure.</summary>
    public string? FailureMessage => IsFailure ? "lint violation found for rules: " + string.Join(", ", FailedRules) : null;

    /// <summary>The failure as an error (KILN1403) pointing at the first finding, or null when not a failure.</summary>
    public DockerfileException? ToException()
    {
        if (FailureMessage is not { } message)
        {
            return null;
        }

        var first = Findings[0];
        return new DockerfileException(CheckErrorIds.LintViolation, message, first.FilePath, first.Range);
    }
}
