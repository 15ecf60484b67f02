using Kiln.Oci;

namespace Kiln.Storage.Images;

/// <summary>
/// One line of <c>kiln images</c>: a reference and what it points at. <see cref="ImageId"/> is the config digest (Docker's
/// image ID); for a multi-platform index it is the config of the manifest matching the host, if any.
/// <see cref="Size"/> is the sum of the blob sizes as stored (compressed layers, configs, manifests).
/// </summary>
public sealed record ImageSummary(
    ImageReference Reference,
    Descriptor Target,
    Digest? ImageId,
    long Size,
    DateTimeOffset? Created)
{
    /// <summary>The manifest (or index) digest, Docker's "repo digest".</summary>
    public Digest ManifestDigest => Target.Digest;
}
