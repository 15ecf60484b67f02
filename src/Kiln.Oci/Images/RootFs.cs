using System.Text.Json.Serialization;

namespace Kiln.Oci.Images;

/// <summary>
/// The <c>rootfs</c> of an image config: type <c>layers</c> and the uncompressed layer digests (DiffIDs),
/// bottom to top (OCI image-spec v1.1 config.md). Both fields are always written.
/// </summary>
public sealed record RootFs
{
    /// <summary>The only type the spec defines.</summary>
    public const string LayersType = "layers";

    /// <summary>Creates a rootfs of type <c>layers</c>.</summary>
    public RootFs(IReadOnlyList<Digest>? diffIds = null)
    {
        DiffIds = diffIds ?? [];
    }

    [JsonPropertyName("type")]
    [JsonPropertyOrder(0)]
    public string Type { get; init => field = value ?? string.Empty; } = LayersType;

    [JsonPropertyName("diff_ids")]
    [JsonPropertyOrder(1)]
    public IReadOnlyList<Digest> DiffIds { get; init => field = value ?? []; }

    /// <summary>Element-wise equality of the DiffIDs.</summary>
    public bool Equals(RootFs? other) => other is not null && Type == other.Type && DiffIds.SequenceEqual(other.DiffIds);

    public override int GetHashCode() => HashCode.Combine(Type, DiffIds.Count);
}
