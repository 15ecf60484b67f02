using Kiln.Oci;

namespace Kiln.Build.Cache;

/// <summary>
/// The stored result of one build step in the <see cref="BuildCache"/> (DF-CACHE-LOCAL): the layer it produced (a
/// compressed blob in the local store, null for config-only steps) and its DiffID, when it was created and last used,
/// the step's name for listings, and free-form metadata (the engine's image config changes, the snapshot chain ID under
/// <see cref="SnapshotChainIdKey"/>, which keeps that snapshot alive in the store's garbage collection).
/// </summary>
public sealed record CacheRecord(
    CacheKey Key,
    Descriptor? Layer,
    Digest? DiffId,
    DateTimeOffset Created,
    DateTimeOffset LastUsed,
    string Description,
    IReadOnlyDictionary<string, string>? Metadata = null)
{
    /// <summary>Metadata entry naming the snapshot chain ID (<c>sha256:…</c>) of the step's result, a GC root while the record exists.</summary>
    public const string SnapshotChainIdKey = "kiln.snapshot.chainid";
}
