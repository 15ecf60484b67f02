using System.Text.Json.Serialization;
using Kiln.Oci;

namespace Kiln.Build.Cache;

/// <summary>The JSON form of a <see cref="CacheKeyPart"/>; the kind is its stable encoding token.</summary>
internal sealed record CacheKeyPartDocument(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("value")] string? Value,
    [property: JsonPropertyName("digest")] Digest? Digest,
    [property: JsonPropertyName("files")] IReadOnlyDictionary<string, Digest>? Files);
