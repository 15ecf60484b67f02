using Kiln.Oci;

namespace Kiln.Storage.Blobs;

/// <summary>
/// Content-addressed blob storage (ARCHITECTURE.md "IBlobStore"): every read verifies size and digest, every write is
/// verified and atomic. Implemented by the local store; registries and OCI layouts implement it too.
/// </summary>
public interface IBlobStore
{
    /// <summary>True when the blob is present.</summary>
    Task<bool> ExistsAsync(Digest digest, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens the blob for reading. The stream hashes what it returns and throws <see cref="Errors.BlobCorruptedException"/>
    /// when the end is reached and the content does not match <paramref name="digest"/> (or <paramref name="expectedSize"/>).
    /// </summary>
    /// <exception cref="Errors.BlobNotFoundException">The blob is not present.</exception>
    Task<Stream> OpenReadAsync(Digest digest, long? expectedSize = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="content"/> (read to its end) and returns its descriptor. With <paramref name="expected"/> the
    /// size and digest are checked before anything becomes visible (and the descriptor returned is <paramref name="expected"/>);
    /// a blob already present is not rewritten.
    /// </summary>
    /// <exception cref="Errors.BlobDigestMismatchException">The content does not match <paramref name="expected"/>.</exception>
    Task<Descriptor> WriteAsync(Stream content, Descriptor? expected, CancellationToken cancellationToken = default);

    /// <summary>Removes a blob (garbage collection only); false when it was not present.</summary>
    Task<bool> DeleteAsync(Digest digest, CancellationToken cancellationToken = default);
}
