using Kiln.Oci;
using Kiln.Storage;
using Kiln.Storage.Images;

namespace Kiln.Build.Outputs;

/// <summary>Exports a built image from Kiln's store to one output (CLI-OUTPUT*); implemented by <see cref="ImageExporter"/>.</summary>
public interface IImageExporter
{
    /// <summary>
    /// Exports <paramref name="image"/> (in <paramref name="store"/>) as <paramref name="spec"/> says. <paramref name="tags"/>
    /// are the <c>-t</c> names; when present they replace the output's <c>name=</c>, as buildx does.
    /// <paramref name="stdout"/> is called only for outputs that write to stdout; the stream is flushed, not closed.
    /// </summary>
    Task<ExportResult> ExportAsync(
        LocalStore store,
        StoredImage image,
        IReadOnlyList<ImageReference> tags,
        OutputSpec spec,
        Func<Stream> stdout,
        CancellationToken cancellationToken = default);
}
