namespace Kiln.Build.Context;

/// <summary>
/// Finds the Dockerfile of a build the way <c>docker build</c> does (CLI-FILE, IGN-LOWERCASE-DOCKERFILE):
/// <c>-f PATH</c> relative to the working directory, <c>-f -</c> for standard input, otherwise
/// <c>CONTEXT/Dockerfile</c>, falling back to <c>CONTEXT/dockerfile</c> when only that exists.
/// </summary>
public static class DockerfileLocator
{
    /// <summary>Resolves the Dockerfile for <paramref name="contextDirectory"/> and an optional <c>-f</c> value.</summary>
    /// <exception cref="FileNotFoundException">No Dockerfile exists where one is expected.</exception>
    public static DockerfileLocation Locate(string contextDirectory, string? file)
    {
        ArgumentNullException.ThrowIfNull(contextDirectory);
        var context = Path.GetFullPath(contextDirectory);
        if (!Directory.Exists(context))
        {
            throw new DirectoryNotFoundException($"build context \"{contextDirectory}\" is not a directory: give the path of the directory to build");
        }

        if (file == "-")
        {
            return new DockerfileLocation(null, "Dockerfile (stdin)", context);
        }

        if (file is { Length: > 0 })
        {
            var full = Path.GetFullPath(file);
            if (Directory.Exists(full))
            {
                full = Path.Combine(full, "Dockerfile");
            }

            return File.Exists(full)
                ? new DockerfileLocation(full, file, context)
                : throw new FileNotFoundException($"Dockerfile \"{file}\" not found: check the -f path (it is relative to the working directory)", full);
        }

        var upper = Path.Combine(context, "Dockerfile");
        if (File.Exists(upper))
        {
            return new DockerfileLocation(upper, Display(contextDirectory, "Dockerfile"), context);
        }

        var lower = Path.Combine(context, "dockerfile");
        if (File.Exists(lower))
        {
            return new DockerfileLocation(lower, Display(contextDirectory, "dockerfile"), context);
        }

        throw new FileNotFoundException($"no Dockerfile in \"{contextDirectory}\": add one or name it with -f", upper);
    }

    private static string Display(string contextDirectory, string name) =>
        contextDirectory is "." or "./" ? name : Path.Combine(contextDirectory, name);
}
