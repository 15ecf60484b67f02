using Kiln.Build.Cache;
using Kiln.Build.Layers;

namespace Kiln.Build.Engine;

/// <summary>
/// A filesystem during the build: its layers (bottom first) and the cache key that identifies it (null for scratch).
/// Steps that do not touch the filesystem leave it unchanged, so their keys never depend on config-only instructions.
/// </summary>
/// <param name="Key">The cache key of the state.</param>
/// <param name="Layers">The layers, bottom first.</param>
/// <param name="LastChange">When the newest layer was first built (history and image times derive from it).</param>
internal sealed record FsState(CacheKey? Key, IReadOnlyList<LayerRef> Layers, DateTimeOffset? LastChange)
{
    public static FsState Empty { get; } = new(null, [], null);

    public IReadOnlyList<string> SnapshotPaths => Layers.Select(l => l.SnapshotPath).ToArray();

    public Kiln.Oci.Digest? TopChainId => Layers.Count == 0 ? null : Layers[^1].ChainId;
}
