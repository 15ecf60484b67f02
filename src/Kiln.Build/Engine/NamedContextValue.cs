namespace Kiln.Build.Engine;

/// <summary>The forms of a <c>--build-context name=value</c> value (CTX-NAMED): an image, an OCI layout, or a local directory.</summary>
internal static class NamedContextValue
{
    public const string DockerImagePrefix = "docker-image://";
    public const string OciLayoutPrefix = "oci-layout://";

    public static bool IsDirectory(string value) =>
        !value.StartsWith(DockerImagePrefix, StringComparison.Ordinal) && !value.StartsWith(OciLayoutPrefix, StringComparison.Ordinal)
        && !value.Contains("://", StringComparison.Ordinal);
}
