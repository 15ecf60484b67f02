using Kiln.Oci;

namespace Kiln.Transports.Archives;

/// <summary>
/// An image that a load or import put into the store: its manifest (or index) descriptor, Docker's image ID (the config
/// digest; the index digest for a multi-platform image) and the references now pointing at it (empty when untagged).
/// </summary>
public sealed record LoadedImage(Descriptor Manifest, Digest ImageId, IReadOnlyList<ImageReference> References);
