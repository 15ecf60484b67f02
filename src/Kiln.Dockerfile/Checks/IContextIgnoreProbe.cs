namespace Kiln.Dockerfile.Checks;

/// <summary>
/// What the CopyIgnoredFile check (LINT-COPY-IGNORED-FILE, IGN-LINT) needs to know about the build context's
/// <c>.dockerignore</c>; implemented over the context's ignore matcher by the caller.
/// </summary>
public interface IContextIgnoreProbe
{
    /// <summary>True when the ignore file has <c>!</c> exception patterns (the check is skipped then).</summary>
    bool HasExceptions { get; }

    /// <summary>
    /// The deciding <c>.dockerignore</c> line (for example <c>.dockerignore line 3: *.tmp</c>) when
    /// <paramref name="path"/> (a cleaned, slash-separated context path) or one of its parents is excluded; null otherwise.
    /// </summary>
    string? Describe(string path);
}
