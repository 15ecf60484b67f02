using System.Text.Json.Serialization;
using Kiln.Oci;

namespace Kiln.Build.Cache.Sharing;

/// <summary>One exported RUN cache mount (docs/cache-format.md): its id and the gzip tar of its contents (a manifest layer).</summary>
public sealed record SharedCacheMountDocument(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("blob")] Descriptor Blob);
