using Kiln.Oci;

namespace Kiln.Storage.Snapshots;

/// <summary>One unpacked layer: <c>snapshots/&lt;chain-id hex&gt;/</c> holding the layer's own files in overlayfs format.</summary>
public sealed record Snapshot(Digest ChainId, Digest DiffId, Digest LayerDigest, string Path);
