using System.Collections.Frozen;

namespace Kiln.Oci;

/// <summary>
/// Media types of the OCI image-spec v1.1 (media-types.md) and Docker's image manifest v2 schema 2,
/// with helpers to classify them. Comparisons ignore case and media-type parameters (<c>; ...</c>).
/// </summary>
public static class MediaTypes
{
    // OCI image-spec v1.1.
    public const string OciDescriptor = "application/vnd.oci.descriptor.v1+json";
    public const string OciLayoutHeader = "application/vnd.oci.layout.header.v1+json";
    public const string OciImageIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciImageManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciImageConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar";
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string OciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";

    /// <summary>Deprecated in v1.1 ("SHOULD NOT be created"), still accepted.</summary>
    public const string OciLayerNonDistributable = "application/vnd.oci.image.layer.nondistributable.v1.tar";
    public const string OciLayerNonDistributableGzip = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
    public const string OciLayerNonDistributableZstd = "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";

    /// <summary>The empty JSON document <c>{}</c> used as config/layer of artifacts (image-spec v1.1 "Guidance for an Empty Descriptor").</summary>
    public const string OciEmptyJson = "application/vnd.oci.empty.v1+json";

    // Docker image manifest v2 schema 2.
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayer = "application/vnd.docker.image.rootfs.diff.tar";
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public const string DockerLayerZstd = "application/vnd.docker.image.rootfs.diff.tar.zstd";
    public const string DockerForeignLayer = "application/vnd.docker.image.rootfs.foreign.diff.tar";
    public const string DockerForeignLayerGzip = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

    /// <summary>Docker schema 1 manifests: recognised only to reject them with a clear message.</summary>
    public const string DockerManifestSchema1 = "application/vnd.docker.distribution.manifest.v1+json";
    public const string DockerManifestSchema1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    /// <summary>In-toto statements, the layers of BuildKit's attestation manifests.</summary>
    public const string InToto = "application/vnd.in-toto+json";

    /// <summary>True for a single-image manifest (OCI or Docker schema 2).</summary>
    public static bool IsManifest(string? mediaType) =>
        Is(mediaType, OciImageManifest) || Is(mediaType, DockerManifest);

    /// <summary>True for a multi-platform index (OCI index or Docker manifest list).</summary>
    public static bool IsIndex(string? mediaType) =>
        Is(mediaType, OciImageIndex) || Is(mediaType, DockerManifestList);

    /// <summary>True for an image config (OCI or Docker).</summary>
    public static bool IsConfig(string? mediaType) =>
        Is(mediaType, OciImageConfig) || Is(mediaType, DockerConfig);

    /// <summary>True for a layer blob of any known compression, including non-distributable/foreign ones.</summary>
    public static bool IsLayer(string? mediaType) => LayerCompression(mediaType) is not null;

    /// <summary>True for layers that registries may not redistribute (OCI non-distributable, Docker foreign).</summary>
    public static bool IsNonDistributable(string? mediaType)
    {
        var type = BaseType(mediaType);
        return type.StartsWith("application/vnd.oci.image.layer.nondistributable.", StringComparison.OrdinalIgnoreCase)
            || type.StartsWith("application/vnd.docker.image.rootfs.foreign.", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True for Docker (as opposed to OCI) media types.</summary>
    public static bool IsDocker(string? mediaType) =>
        BaseType(mediaType).StartsWith("application/vnd.docker.", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The compression a layer media type declares, or null when the media type is not a known layer type
    /// (for example an encrypted layer or a config).
    /// </summary>
    public static Compression? LayerCompression(string? mediaType)
    {
        var type = BaseType(mediaType);
        if (type.Length == 0)
        {
            return null;
        }

        return LayerTypes.TryGetValue(type, out var compression) ? compression : null;
    }

    /// <summary>The layer media type for <paramref name="compression"/> in the OCI or Docker vocabulary.</summary>
    public static string LayerMediaType(Compression compression, bool oci = true) => (compression, oci) switch
    {
        (Compression.None, true) => OciLayer,
        (Compression.Gzip, true) => OciLayerGzip,
        (Compression.Zstd, true) => OciLayerZstd,
        (Compression.None, false) => DockerLayer,
        (Compression.Gzip, false) => DockerLayerGzip,
        (Compression.Zstd, false) => DockerLayerZstd,
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "unknown layer compression"),
    };

    /// <summary>Equality of two media types ignoring case and parameters.</summary>
    public static bool Is(string? mediaType, string expected) =>
        BaseType(mediaType).Equals(expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>The media type without parameters and surrounding white space.</summary>
    public static string BaseType(string? mediaType)
    {
        if (string.IsNullOrEmpty(mediaType))
        {
            return string.Empty;
        }

        var semicolon = mediaType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? mediaType : mediaType[..semicolon]).Trim();
    }

    private static readonly FrozenDictionary<string, Compression> LayerTypes = new KeyValuePair<string, Compression>[]
    {
        new(OciLayer, Compression.None),
        new(OciLayerGzip, Compression.Gzip),
        new(OciLayerZstd, Compression.Zstd),
        new(OciLayerNonDistributable, Compression.None),
        new(OciLayerNonDistributableGzip, Compression.Gzip),
        new(OciLayerNonDistributableZstd, Compression.Zstd),
        new(DockerLayer, Compression.None),
        new(DockerLayerGzip, Compression.Gzip),
        new(DockerLayerZstd, Compression.Zstd),
        new(DockerForeignLayer, Compression.None),
        new(DockerForeignLayerGzip, Compression.Gzip),
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
}
