using Kiln.Oci;
using Kiln.Oci.Images;

namespace Kiln.Storage.Images;

/// <summary>
/// A single-platform image read from the store with the exact bytes of its manifest and config (digests are over those
/// bytes). <see cref="Index"/> is set when the image was selected from a multi-platform index.
/// </summary>
public sealed record StoredImage(
    RawDocument<ImageManifest> Manifest,
    RawDocument<ImageConfig> Config,
    IReadOnlyList<ImageReference> References,
    RawDocument<ImageIndex>? Index = null)
{
    /// <summary>Docker's image ID: the config digest.</summary>
    public Digest ImageId => Config.Digest;

    /// <summary>The manifest digest.</summary>
    public Digest ManifestDigest => Manifest.Digest;

    /// <summary>The layer descriptors, bottom to top.</summary>
    public IReadOnlyList<Descriptor> Layers => Manifest.Value.Layers;

    /// <summary>The DiffIDs (uncompressed layer digests), bottom to top.</summary>
    public IReadOnlyList<Digest> DiffIds => Config.Value.RootFs.DiffIds;
}
