using Kiln.Oci;

namespace Kiln.Cli.Rendering;

/// <summary>One line of <c>kiln images</c>: a reference, its manifest digest, image ID (config digest), creation time and size in bytes.</summary>
internal sealed record ImageListRow(ImageReference Reference, Digest ManifestDigest, Digest ImageId, DateTimeOffset? Created, long Size);
