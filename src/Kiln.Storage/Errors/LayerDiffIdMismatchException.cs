using Kiln.Oci;

namespace Kiln.Storage.Errors;

/// <summary>An unpacked layer's uncompressed content does not hash to the DiffID its image config declares; the snapshot was discarded.</summary>
public sealed class LayerDiffIdMismatchException : StoreException
{
    public LayerDiffIdMismatchException(Digest layer, Digest expectedDiffId, Digest actualDiffId)
        : base($"layer {layer} uncompresses to {actualDiffId}, but the image config declares DiffID {expectedDiffId}; the image is inconsistent: pull or build it again")
    {
        Layer = layer;
        ExpectedDiffId = expectedDiffId;
        ActualDiffId = actualDiffId;
    }

    public Digest Layer { get; }

    public Digest ExpectedDiffId { get; }

    public Digest ActualDiffId { get; }
}
