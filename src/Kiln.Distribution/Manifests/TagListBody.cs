using System.Text.Json.Serialization;

namespace Kiln.Distribution.Manifests;

/// <summary>The JSON of <c>GET /v2/&lt;name&gt;/tags/list</c> (distribution spec "Listing Tags").</summary>
internal sealed record TagListBody(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("tags")] IReadOnlyList<string>? Tags);
