using System.Text.Json.Serialization;
using Kiln.Oci.Json;

namespace Kiln.Oci;

/// <summary>
/// A content descriptor: media type, digest and size of a blob, plus optional URLs, annotations, embedded data,
/// platform and artifact type (OCI image-spec v1.1 descriptor.md). JSON names and order follow the spec's Go
/// types: <c>mediaType, digest, size, urls, annotations, data, platform, artifactType</c>; empty optionals are omitted.
/// </summary>
public sealed record Descriptor
{
    /// <summary>Creates a descriptor for content of <paramref name="size"/> bytes.</summary>
    [JsonConstructor]
    public Descriptor(string mediaType, Digest digest, long size)
    {
        ArgumentNullException.ThrowIfNull(mediaType);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        MediaType = mediaType;
        Digest = digest;
        Size = size;
    }

    /// <summary>The descriptor of the empty JSON document <c>{}</c> with its data embedded (image-spec v1.1 "Empty Descriptor").</summary>
    public static Descriptor EmptyJson { get; } = new(MediaTypes.OciEmptyJson, Digest.Compute("{}"u8), 2) { Data = "{}"u8.ToArray() };

    [JsonPropertyName("mediaType")]
    [JsonPropertyOrder(0)]
    public string MediaType { get; init; }

    [JsonPropertyName("digest")]
    [JsonPropertyOrder(1)]
    public Digest Digest { get; init; }

    [JsonPropertyName("size")]
    [JsonPropertyOrder(2)]
    public long Size { get; init; }

    /// <summary>Alternative download locations (foreign / non-distributable layers).</summary>
    [JsonPropertyName("urls")]
    [JsonPropertyOrder(3)]
    public IReadOnlyList<string>? Urls { get; init => field = OmitEmpty.List(value); }

    [JsonPropertyName("annotations")]
    [JsonPropertyOrder(4)]
    [JsonConverter(typeof(SortedStringMapConverter))]
    public IReadOnlyDictionary<string, string>? Annotations { get; init => field = OmitEmpty.Map(value); }

    /// <summary>The content itself, embedded (base64 in JSON).</summary>
    [JsonPropertyName("data")]
    [JsonPropertyOrder(5)]
    public byte[]? Data { get; init => field = value is { Length: > 0 } ? value : null; }

    /// <summary>The platform of the referenced manifest, in an index.</summary>
    [JsonPropertyName("platform")]
    [JsonPropertyOrder(6)]
    public Platform? Platform { get; init; }

    [JsonPropertyName("artifactType")]
    [JsonPropertyOrder(7)]
    public string? ArtifactType { get; init => field = OmitEmpty.String(value); }

    /// <summary>Describes <paramref name="content"/>: its SHA-256 digest and length.</summary>
    public static Descriptor For(string mediaType, ReadOnlySpan<byte> content) =>
        new(mediaType, Digest.Compute(content), content.Length);

    /// <summary>True when <paramref name="content"/> has this descriptor's size and digest.</summary>
    public bool Verify(ReadOnlySpan<byte> content) => content.Length == Size && Digest.Verify(content);
}
