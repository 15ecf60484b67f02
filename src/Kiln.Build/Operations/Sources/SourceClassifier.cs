namespace Kiln.Build.Operations.Sources;

/// <summary>
/// Decides whether an <c>ADD</c> source is a git repository, an HTTP download or a local path, in the order and
/// with the rules of BuildKit's Dockerfile frontend (DF-ADD-GIT, DF-ADD-URL): git first (see
/// <see cref="GitUrlSyntax"/>), so <c>https://host/repo.git</c> is cloned, not downloaded; then a source that
/// starts with exactly <c>http://</c> or <c>https://</c> (case-sensitive, as in BuildKit) is downloaded;
/// anything else is a path. A git URL with malformed options is still <see cref="SourceKind.Git"/>:
/// <see cref="GitSource.Parse"/> then reports the error, as BuildKit fails the build rather than reading a file.
/// </summary>
public static class SourceClassifier
{
    public static SourceKind Classify(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (GitUrlSyntax.TryParse(source) is not null)
        {
            return SourceKind.Git;
        }

        return source.StartsWith("http://", StringComparison.Ordinal) || source.StartsWith("https://", StringComparison.Ordinal)
            ? SourceKind.Http
            : SourceKind.Local;
    }
}
