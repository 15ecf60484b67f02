namespace Kiln.Build.Outputs;

/// <summary>
/// Where <c>kiln build</c> puts its result (CLI-OUTPUT): buildx's exporter types. <c>type=registry</c> is parsed as
/// <see cref="Image"/> with <see cref="OutputSpec.Push"/> set, as buildx does.
/// </summary>
public enum OutputType
{
    /// <summary>The final filesystem written into a directory (CLI-OUTPUT-LOCAL).</summary>
    Local,

    /// <summary>The final filesystem as one tar (CLI-OUTPUT-TAR).</summary>
    Tar,

    /// <summary>An OCI image layout, as a tar or a directory (CLI-OUTPUT-OCI).</summary>
    Oci,

    /// <summary>A docker-archive (<c>docker save</c> format), or loaded into the store without a destination (CLI-OUTPUT-DOCKER).</summary>
    Docker,

    /// <summary>The image in Kiln's store, tagged with the names (CLI-OUTPUT-IMAGE); pushed with <c>push=true</c>.</summary>
    Image,

    /// <summary>Nothing is exported; only the build cache is kept.</summary>
    CacheOnly,
}
