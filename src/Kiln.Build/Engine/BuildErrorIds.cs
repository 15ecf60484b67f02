namespace Kiln.Build.Engine;

/// <summary>Stable ids of the engine's errors (<c>KILN3xxx</c>), carried by the <c>DockerfileException</c> the engine throws.</summary>
public static class BuildErrorIds
{
    /// <summary>A FROM or <c>--from</c> image is not in the local store.</summary>
    public const string ImageNotFound = "KILN3001";

    /// <summary>A COPY/ADD source is missing, ignored or outside the context.</summary>
    public const string SourceNotFound = "KILN3002";

    /// <summary>A RUN feature this build of Kiln does not run yet (named in the message).</summary>
    public const string RunUnavailable = "KILN3003";

    /// <summary>A RUN command exited with a non-zero code, or its user could not be resolved.</summary>
    public const string RunFailed = "KILN3008";

    /// <summary>Copying files failed (a dir onto a file, several sources to a file, an unknown --chown name).</summary>
    public const string CopyFailed = "KILN3004";

    /// <summary>A <c>--build-context</c> value is invalid or cannot be read.</summary>
    public const string NamedContext = "KILN3005";

    /// <summary>ADD could not fetch a URL or git repository, or a checksum did not match.</summary>
    public const string FetchFailed = "KILN3006";

    /// <summary>The build needs a context directory and has none.</summary>
    public const string NoContext = "KILN3007";
}
