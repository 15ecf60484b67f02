namespace Kiln.Build.Context;

/// <summary>
/// Where a build's Dockerfile comes from: a file (absolute <see cref="FilePath"/>) or standard input
/// (<see cref="FilePath"/> null), with the name shown in messages and the context directory.
/// </summary>
public sealed record DockerfileLocation(string? FilePath, string DisplayName, string ContextDirectory)
{
    /// <summary>True when the Dockerfile is read from standard input (<c>-f -</c>).</summary>
    public bool IsStandardInput => FilePath is null;
}
