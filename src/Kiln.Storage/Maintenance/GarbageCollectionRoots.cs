using Kiln.Oci;

namespace Kiln.Storage.Maintenance;

/// <summary>
/// Extra things garbage collection must keep: descriptors (followed like references: an index keeps its manifests, a
/// manifest its config and layers, and a config the snapshots of its layer chain) and snapshot chain IDs.
/// </summary>
public sealed record GarbageCollectionRoots(IReadOnlyList<Descriptor> Descriptors, IReadOnlyList<Digest> ChainIds)
{
    /// <summary>No roots.</summary>
    public static GarbageCollectionRoots None { get; } = new([], []);
}
