using Kiln.Oci;

namespace Kiln.Build.Layers;

/// <summary>One layer of a build's filesystem: its compressed blob in the store, its DiffID, and its unpacked snapshot.</summary>
/// <param name="Blob">The compressed layer blob (media type, digest, size).</param>
/// <param name="DiffId">The digest of the uncompressed tar.</param>
/// <param name="ChainId">The chain ID of the stack up to and including this layer (the snapshot's name).</param>
/// <param name="SnapshotPath">The unpacked layer in overlay format.</param>
public sealed record LayerRef(Descriptor Blob, Digest DiffId, Digest ChainId, string SnapshotPath);
