namespace Kiln.Build.Context;

/// <summary>
/// Chooses the ignore file for a build: <c>&lt;Dockerfile-path&gt;.dockerignore</c> next to the
/// Dockerfile (e.g. <c>Dockerfile.dockerignore</c>, <c>app.Dockerfile.dockerignore</c>) takes
/// precedence over the context-root <c>.dockerignore</c> (IGN-DOCKERFILE-SPECIFIC, IGN-FILE). The
/// same rule applies to a local named context, passing its own root (IGN-NAMED-CTX).
/// </summary>
public static class IgnoreFileLocator
{
    /// <summary>The context-root ignore file name.</summary>
    public const string FileName = ".dockerignore";

    /// <summary>
    /// Finds and reads the ignore file, or returns null when there is none.
    /// </summary>
    /// <param name="contextDirectory">The build context root.</param>
    /// <param name="dockerfilePath">
    /// The Dockerfile's path (absolute, or relative to the current directory), or null / <c>-</c>
    /// when it does not come from a file (stdin), in which case only the context-root file is used.
    /// </param>
    public static LocatedIgnoreFile? Locate(string contextDirectory, string? dockerfilePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(contextDirectory);
        var context = System.IO.Path.GetFullPath(contextDirectory);
        if (dockerfilePath is { Length: > 0 } and not "-")
        {
            var specific = System.IO.Path.GetFullPath(dockerfilePath) + FileName;
            if (File.Exists(specific))
            {
                return Load(context, specific, dockerfileSpecific: true);
            }
        }

        var rootFile = System.IO.Path.Combine(context, FileName);
        return File.Exists(rootFile) ? Load(context, rootFile, dockerfileSpecific: false) : null;
    }

    private static LocatedIgnoreFile Load(string context, string path, bool dockerfileSpecific)
    {
        var relative = System.IO.Path.GetRelativePath(context, path);
        var display = relative.StartsWith("..", StringComparison.Ordinal) || System.IO.Path.IsPathRooted(relative)
            ? path
            : relative.Replace(System.IO.Path.DirectorySeparatorChar, '/');
        return new LocatedIgnoreFile(path, display, dockerfileSpecific, IgnoreFileReader.ReadFile(path, display));
    }
}
