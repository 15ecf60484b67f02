using System.Text.Json.Serialization;
using Kiln.Oci;

namespace Kiln.Build.Cache.Sharing;

/// <summary>
/// One exported step result (docs/cache-format.md): its cache key, the key of the filesystem it ran on (its parent;
/// absent on scratch), the stage it was built in (informational), the layer it produced with its DiffID (both absent for an
/// empty diff), when it was first built (image and history times derive from it, so a hit rebuilds the same image), and
/// its progress name.
/// </summary>
public sealed record SharedCacheRecordDocument(
    [property: JsonPropertyName("key")] Digest Key,
    [property: JsonPropertyName("parent")] Digest? Parent,
    [property: JsonPropertyName("stage")] string? Stage,
    [property: JsonPropertyName("layer")] Descriptor? Layer,
    [property: JsonPropertyName("diffId")] Digest? DiffId,
    [property: JsonPropertyName("created")] DateTimeOffset Created,
    [property: JsonPropertyName("description")] string Description);
