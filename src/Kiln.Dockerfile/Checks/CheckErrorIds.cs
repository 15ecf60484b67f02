namespace Kiln.Dockerfile.Checks;

/// <summary>The stable error ids (KILN1401-KILN1499) of build-check configuration and check failures (DF-DIR-CHECK, LINT-OUTPUT).</summary>
public static class CheckErrorIds
{
    /// <summary>An unknown option or a part without <c>=</c> in <c># check=</c> or <c>BUILDKIT_DOCKERFILE_CHECK</c>.</summary>
    public const string InvalidOption = "KILN1401";

    /// <summary>An <c>error=</c> value that is not a Go boolean.</summary>
    public const string InvalidErrorValue = "KILN1402";

    /// <summary><c>check=error=true</c> and at least one finding: "lint violation found for rules: …".</summary>
    public const string LintViolation = "KILN1403";
}
