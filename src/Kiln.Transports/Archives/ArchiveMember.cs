using Kiln.Archives.Compression;
using Kiln.Oci;

namespace Kiln.Transports.Archives;

/// <summary>
/// One regular file of an image archive after ingestion: small files are kept in memory (<see cref="Content"/>),
/// large ones were streamed into the store and are known by <see cref="StoredDigest"/>. <see cref="Compression"/> is
/// what the first bytes say; <see cref="BlobDigest"/> is set for members named <c>blobs/&lt;alg&gt;/&lt;hex&gt;</c>, whose
/// content was verified against that name.
/// </summary>
internal sealed record ArchiveMember(string Name, long Size, CompressionFormat Compression, byte[]? Content, Digest? StoredDigest, Digest? BlobDigest)
{
    /// <summary>The digest of the member's bytes (known for stored members and verified blobs; computed for the rest).</summary>
    public Digest ContentDigest => StoredDigest ?? BlobDigest ?? Digest.Compute(Content ?? []);
}
