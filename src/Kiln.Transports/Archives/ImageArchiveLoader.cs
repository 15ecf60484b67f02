using Kiln.Storage;
using Kiln.Transports.Errors;

namespace Kiln.Transports.Archives;

/// <summary>
/// <c>kiln load</c>: reads an image archive in one pass (a file or standard input, optionally gzip/zstd-compressed) and
/// detects its format: <c>manifest.json</c> makes it a docker-archive (Docker 25+ archives carry an OCI
/// <c>index.json</c> too; <c>manifest.json</c> wins because it holds the full tags), else <c>index.json</c> an OCI archive.
/// </summary>
public sealed class ImageArchiveLoader(LocalStore store)
{
    /// <exception cref="ArchiveFormatException">Neither format, truncated, or malformed.</exception>
    /// <exception cref="ArchiveIntegrityException">Content that does not match its digests; nothing of that image was tagged.</exception>
    public async Task<ArchiveLoadResult> LoadAsync(Stream archive, string archiveName, CancellationToken cancellationToken = default)
    {
        var members = await ArchiveIngester.ReadAsync(archive, archiveName, store, cancellationToken).ConfigureAwait(false);
        if (members.Contains(DockerArchiveReader.ManifestFile))
        {
            return new ArchiveLoadResult(ImageArchiveFormat.DockerArchive, await DockerArchiveReader.ImportAsync(members, cancellationToken).ConfigureAwait(false));
        }

        if (members.Contains(OciArchiveReader.IndexFile))
        {
            return new ArchiveLoadResult(ImageArchiveFormat.OciArchive, await OciArchiveReader.ImportAsync(members, cancellationToken).ConfigureAwait(false));
        }

        throw new ArchiveFormatException(archiveName, "neither manifest.json (docker save) nor index.json (OCI layout) found: not an image archive");
    }
}
