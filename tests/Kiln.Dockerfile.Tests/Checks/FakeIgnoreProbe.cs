using Kiln.Dockerfile.Checks;

namespace Kiln.Dockerfile.Tests.Checks;

/// <summary>A .dockerignore stand-in: excludes the listed paths and everything below them.</summary>
internal sealed class FakeIgnoreProbe(bool hasExceptions, params string[] excluded) : IContextIgnoreProbe
{
    public List<string> Asked { get; } = [];

    public bool HasExceptions => hasExceptions;

    public string? Describe(string path)
    {
        Asked.Add(path);
        for (var i = 0; i < excluded.Length; i++)
        {
            var entry = excluded[i];
            if (path == entry || path.StartsWith(entry + "/", StringComparison.Ordinal) || (entry.StartsWith("*/", StringComparison.Ordinal) && path.Contains(entry[1..], StringComparison.Ordinal)))
            {
                return $".dockerignore line {i + 1}: {entry}";
            }
        }

        return null;
    }
}
