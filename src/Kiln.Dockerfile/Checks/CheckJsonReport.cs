namespace Kiln.Dockerfile.Checks;

/// <summary>
/// The JSON document of <c>--call=check,format=json</c> (LINT-OUTPUT), shaped like BuildKit's lint subrequest result
/// (<c>frontend/subrequests/lint</c> LintResults): warnings, the sources they point into, and the failure, if any.
/// </summary>
public sealed record CheckJsonReport
{
    public required IReadOnlyList<CheckJsonWarning> Warnings { get; init; }

    public required IReadOnlyList<CheckJsonSource> Sources { get; init; }

    /// <summary>The <c>error=true</c> failure ("lint violation found for rules: …"), or null.</summary>
    public CheckJsonError? BuildError { get; init; }
}
