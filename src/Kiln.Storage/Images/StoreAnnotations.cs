namespace Kiln.Storage.Images;

/// <summary>Annotation keys the store writes on <c>index.json</c> entries (OCI image-spec annotations.md; containerd's image name).</summary>
public static class StoreAnnotations
{
    /// <summary>The reference name; Kiln writes the full normalised reference (<c>docker.io/library/app:1.0</c>), which
    /// skopeo's <c>oci:&lt;root&gt;:&lt;ref&gt;</c> transport and umoci look up verbatim.</summary>
    public const string RefName = "org.opencontainers.image.ref.name";

    /// <summary>containerd's full image name annotation, as containerd and BuildKit write in OCI exports.</summary>
    public const string ContainerdImageName = "io.containerd.image.name";
}
