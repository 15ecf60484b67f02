using Kiln.Oci;

namespace Kiln.Storage.Maintenance;

/// <summary>What <see cref="LocalStore.PruneAsync"/> removed (for <c>kiln prune</c>'s report).</summary>
public sealed record PruneResult(
    IReadOnlyList<Digest> RemovedBlobs,
    IReadOnlyList<Digest> RemovedSnapshots,
    int RemovedIngestFiles,
    long BytesFreed);
