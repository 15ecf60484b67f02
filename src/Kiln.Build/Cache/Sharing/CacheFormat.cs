namespace Kiln.Build.Cache.Sharing;

/// <summary>
/// The names of Kiln's exported cache format (docs/cache-format.md): the artifact type and config media type of a cache
/// manifest, the schema of its config, and the annotations that name a RUN cache mount's blob and carry an inline cache.
/// </summary>
public static class CacheFormat
{
    /// <summary>The <c>artifactType</c> of a cache manifest.</summary>
    public const string ArtifactType = "application/vnd.kiln.cache.v1+json";

    /// <summary>The media type of a cache manifest's config blob (a <see cref="CacheConfigDocument"/>).</summary>
    public const string ConfigMediaType = "application/vnd.kiln.cache.config.v1+json";

    /// <summary>The <c>schema</c> value of a cache config.</summary>
    public const string Schema = "kiln.cache.v1";

    /// <summary>Annotation on a layer descriptor that holds a RUN cache mount: the mount's id.</summary>
    public const string MountIdAnnotation = "dev.kiln.cache.mount.id";

    /// <summary>Annotation on an image manifest built with <c>--cache-to type=inline</c>: the cache config as JSON text.</summary>
    public const string InlineAnnotation = "dev.kiln.cache.v1";

    /// <summary>The largest cache config read from a source (the records of a big build are a few hundred KB).</summary>
    public const long MaxConfigSize = 64L << 20;

    /// <summary>The largest manifest read from a source.</summary>
    public const long MaxManifestSize = 4L << 20;
}
