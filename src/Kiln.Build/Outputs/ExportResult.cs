using Kiln.Oci;

namespace Kiln.Build.Outputs;

/// <summary>
/// What one output produced (CLI-OUTPUT*), for the progress display and the metadata file (CLI-METADATA-FILE).
/// <see cref="Image"/> and <see cref="ConfigDigest"/> are set for outputs that carry an image (image, docker, oci),
/// as BuildKit's exporters report <c>containerimage.digest</c> only for those; local, tar and cacheonly leave them null.
/// </summary>
/// <param name="Spec">The output as requested.</param>
/// <param name="Names">The names the image was tagged with or recorded under (empty: none).</param>
/// <param name="Image">The manifest descriptor, annotated with <c>config.digest</c> (and <c>org.opencontainers.image.created</c>).</param>
/// <param name="ConfigDigest">The image ID.</param>
/// <param name="Path">The full path of the file or directory written; null for stdout and the store.</param>
public sealed record ExportResult(
    OutputSpec Spec,
    IReadOnlyList<ImageReference> Names,
    Descriptor? Image,
    Digest? ConfigDigest,
    string? Path);
