using System.Text.Json.Serialization.Metadata;
using Kiln.Oci.Images;
using Kiln.Oci.Json;

namespace Kiln.Oci;

/// <summary>
/// Parses documents while keeping their raw bytes and digest (computed over exactly those bytes), and serialises
/// new documents into bytes + digest. Companion of <see cref="RawDocument{T}"/>.
/// </summary>
public static class RawDocument
{
    /// <summary>
    /// Parses a manifest. <paramref name="mediaType"/> (e.g. a registry's Content-Type) wins; otherwise the document's own
    /// <c>mediaType</c>, otherwise OCI. Docker schema 1 and non-manifest media types are rejected.
    /// </summary>
    public static RawDocument<ImageManifest> ParseManifest(ReadOnlyMemory<byte> bytes, string? mediaType = null)
    {
        var type = ResolveMediaType(bytes, mediaType, MediaTypes.OciImageManifest);
        if (!MediaTypes.IsManifest(type))
        {
            throw new InvalidDocumentException($"expected an image manifest ({MediaTypes.OciImageManifest} or {MediaTypes.DockerManifest}), got media type \"{type}\"");
        }

        return Parse(bytes, type, OciJson.Context.ImageManifest, "image manifest");
    }

    /// <summary>Parses an index or Docker manifest list (media type resolved as in <see cref="ParseManifest"/>).</summary>
    public static RawDocument<ImageIndex> ParseIndex(ReadOnlyMemory<byte> bytes, string? mediaType = null)
    {
        var type = ResolveMediaType(bytes, mediaType, MediaTypes.OciImageIndex);
        if (!MediaTypes.IsIndex(type))
        {
            throw new InvalidDocumentException($"expected an image index ({MediaTypes.OciImageIndex} or {MediaTypes.DockerManifestList}), got media type \"{type}\"");
        }

        return Parse(bytes, type, OciJson.Context.ImageIndex, "image index");
    }

    /// <summary>Parses an image config; configs carry no media type of their own, so it comes from the manifest's config descriptor.</summary>
    public static RawDocument<ImageConfig> ParseConfig(ReadOnlyMemory<byte> bytes, string mediaType = MediaTypes.OciImageConfig) =>
        Parse(bytes, mediaType, OciJson.Context.ImageConfig, "image config");

    /// <summary>Parses any document type, digesting the exact bytes.</summary>
    public static RawDocument<T> Parse<T>(ReadOnlyMemory<byte> bytes, string mediaType, JsonTypeInfo<T> typeInfo, string kind)
    {
        ArgumentNullException.ThrowIfNull(mediaType);
        var value = OciJson.Deserialize(bytes.Span, typeInfo, kind);
        return new RawDocument<T>(value, bytes, Digest.Compute(bytes.Span), mediaType);
    }

    /// <summary>Serialises a new manifest; the media type is the manifest's own, OCI when unset.</summary>
    public static RawDocument<ImageManifest> Create(ImageManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return Create(manifest, manifest.MediaType ?? MediaTypes.OciImageManifest, OciJson.Context.ImageManifest);
    }

    /// <summary>Serialises a new index; the media type is the index's own, OCI when unset.</summary>
    public static RawDocument<ImageIndex> Create(ImageIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        return Create(index, index.MediaType ?? MediaTypes.OciImageIndex, OciJson.Context.ImageIndex);
    }

    /// <summary>Serialises a new image config under <paramref name="mediaType"/>.</summary>
    public static RawDocument<ImageConfig> Create(ImageConfig config, string mediaType = MediaTypes.OciImageConfig) =>
        Create(config, mediaType, OciJson.Context.ImageConfig);

    /// <summary>Serialises any document with Go's JSON conventions and digests the bytes.</summary>
    public static RawDocument<T> Create<T>(T value, string mediaType, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(mediaType);
        var bytes = OciJson.Serialize(value, typeInfo);
        return new RawDocument<T>(value, bytes, Digest.Compute(bytes), mediaType);
    }

    private static string ResolveMediaType(ReadOnlyMemory<byte> bytes, string? mediaType, string fallback)
    {
        var type = string.IsNullOrWhiteSpace(mediaType) ? OciJson.DetectMediaType(bytes.Span) ?? fallback : MediaTypes.BaseType(mediaType);
        if (MediaTypes.Is(type, MediaTypes.DockerManifestSchema1) || MediaTypes.Is(type, MediaTypes.DockerManifestSchema1Signed))
        {
            throw new InvalidDocumentException($"Docker image manifest schema 1 (\"{type}\") is not supported: it was deprecated by Docker; re-push the image with schema 2 or OCI");
        }

        return type;
    }
}
