using Kiln.Oci;

namespace Kiln.Archives.Layers;

/// <summary>What <see cref="LayerReader"/> verifies at the end of a layer.</summary>
public sealed record LayerReadOptions
{
    /// <summary>The expected diffID (config <c>rootfs.diff_ids</c>); null to only compute it.</summary>
    public Digest? ExpectedDiffId { get; init; }

    /// <summary>The blob's descriptor: its digest and size are checked over the compressed bytes; null to skip.</summary>
    public Descriptor? ExpectedBlob { get; init; }

    /// <summary>Leave the blob stream open when the layer stream is disposed.</summary>
    public bool LeaveOpen { get; init; }
}
