namespace Kiln.Testing;

/// <summary>
/// Locates the repository and the read-only <c>shared/</c> folder (conformance vectors, design docs)
/// from the test's output directory, so tests read vectors in place wherever the checkout lives.
/// </summary>
public static class TestPaths
{
    /// <summary>The repository root (the directory holding <c>Kiln.slnx</c>).</summary>
    public static string RepositoryRoot { get; } = FindUp(d => File.Exists(Path.Combine(d, "Kiln.slnx")))
        ?? throw new DirectoryNotFoundException("Kiln.slnx not found above " + AppContext.BaseDirectory);

    /// <summary>The shared folder: <c>$KILN_SHARED</c>, else the nearest ancestor's <c>shared/</c> with <c>conformance/</c>.</summary>
    public static string Shared { get; } = Environment.GetEnvironmentVariable("KILN_SHARED") is { Length: > 0 } env
        ? env
        : FindUp(d => Directory.Exists(Path.Combine(d, "shared", "conformance"))) is { } parent
            ? Path.Combine(parent, "shared")
            : throw new DirectoryNotFoundException("shared/conformance not found above " + AppContext.BaseDirectory + "; set KILN_SHARED");

    /// <summary>The conformance vectors folder.</summary>
    public static string Conformance => Path.Combine(Shared, "conformance");

    private static string? FindUp(Func<string, bool> predicate)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (predicate(dir.FullName))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
