using Kiln.Build.Context;
using Kiln.Dockerfile.Checks;

namespace Kiln.Build.Frontend;

/// <summary>
/// Answers the CopyIgnoredFile build check from the build context's located ignore file
/// (<c>.dockerignore</c> or <c>&lt;Dockerfile&gt;.dockerignore</c>).
/// </summary>
internal sealed class ContextIgnoreProbe : IContextIgnoreProbe
{
    private readonly PatternMatcher _matcher;

    public ContextIgnoreProbe(PatternMatcher matcher) => _matcher = matcher;

    public bool HasExceptions => _matcher.HasExceptions;

    public string? Describe(string path)
    {
        var result = _matcher.Match(path);
        return result.IsMatch ? result.Describe() : null;
    }
}
