using Kiln.Archives.Compression;
using Kiln.Archives.Tar;
using Kiln.Oci;
using Kiln.Storage;
using Kiln.Storage.Errors;
using Kiln.Transports.Errors;

namespace Kiln.Transports.Archives;

/// <summary>
/// Reads an image archive (a tar, optionally gzip/zstd-compressed, as <c>docker load</c> accepts) in ONE forward pass,
/// so it works on standard input: small members stay in memory, large ones stream straight into the store's blobs
/// (temp file, verify, rename: a crash leaves no partial blob). Members named <c>blobs/&lt;alg&gt;/&lt;hex&gt;</c> (OCI
/// image-layout.md "Blobs") must hash to their name or the archive is rejected before the blob becomes visible.
/// Nothing is referenced (tagged) here: the format readers do that after checking the whole image.
/// </summary>
internal static class ArchiveIngester
{
    /// <summary>Members up to this size are kept in memory (manifests, configs, small layers).</summary>
    internal const int InMemoryLimit = 1 << 20;

    /// <summary>At most this much is kept in memory in total; beyond it members go to the store.</summary>
    internal const long InMemoryBudget = 64L << 20;

    public static async Task<ArchiveMembers> ReadAsync(Stream archive, string archiveName, LocalStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var members = new ArchiveMembers(archiveName, store);
        long inMemory = 0;
        try
        {
            await using var input = Codecs.OpenDecompress(archive, leaveOpen: true);
            using var reader = new TarReader(input, leaveOpen: true);
            while (reader.GetNextEntry() is { } entry)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (ArchiveMembers.Normalize(entry.Path) is not { Length: > 0 } name)
                {
                    continue;
                }

                if (entry.Type is TarEntryType.Symlink or TarEntryType.HardLink && entry.LinkTarget is { } target)
                {
                    // A hardlink's target is an archive path; a symlink's is relative to its directory.
                    members.AddLink(name, entry.Type == TarEntryType.HardLink ? "/" + target : target);
                    continue;
                }

                if (entry.Type != TarEntryType.RegularFile)
                {
                    continue;
                }

                var blobDigest = BlobName(name);
                var keep = entry.Size <= InMemoryLimit && inMemory + entry.Size <= InMemoryBudget;
                if (keep)
                {
                    var content = new byte[entry.Size];
                    await reader.Content.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);
                    if (blobDigest is { } expected && Digest.Compute(content, expected.Algorithm) is var actual && actual != expected)
                    {
                        throw Mismatch(archiveName, name, expected, actual);
                    }

                    inMemory += entry.Size;
                    members.Add(new ArchiveMember(name, entry.Size, CompressionDetector.Detect(content), content, null, blobDigest));
                    continue;
                }

                var format = CompressionDetector.Detect(reader.Content, out var rewound, leaveOpen: true);
                await using (rewound.ConfigureAwait(false))
                {
                    var stored = await StoreAsync(rewound, entry.Size, blobDigest, store, archiveName, name, cancellationToken).ConfigureAwait(false);
                    members.Add(new ArchiveMember(name, entry.Size, format, null, stored, blobDigest));
                }
            }
        }
        catch (Exception e) when (e is TarFormatException or InvalidDataException or EndOfStreamException
            || (e is BlobDigestMismatchException mismatch && mismatch.ActualSize != mismatch.Expected.Size))
        {
            throw new ArchiveFormatException(archiveName, "the archive is truncated or is not a tar archive (" + e.Message + "); nothing was loaded", e);
        }
        catch (UnsupportedCompressionException e)
        {
            throw new ArchiveFormatException(archiveName, e.Message + "; decompress it first", e);
        }

        return members;
    }

    /// <summary>Streams one large member into the store; a named blob is verified first (or, when present, re-hashed).</summary>
    private static async Task<Digest> StoreAsync(
        Stream content, long size, Digest? blobDigest, LocalStore store, string archiveName, string name, CancellationToken cancellationToken)
    {
        if (blobDigest is not { } expected)
        {
            return (await store.Blobs.WriteAsync(content, null, cancellationToken).ConfigureAwait(false)).Digest;
        }

        if (store.Blobs.GetSize(expected) == size)
        {
            // Already stored: the archive's copy is still checked so that a bad archive never loads "successfully".
            var actual = await Digest.ComputeAsync(content, expected.Algorithm, cancellationToken).ConfigureAwait(false);
            return actual == expected ? expected : throw Mismatch(archiveName, name, expected, actual);
        }

        try
        {
            await store.Blobs.WriteAsync(content, new Descriptor(LocalBlobStoreMediaType, expected, size), cancellationToken).ConfigureAwait(false);
            return expected;
        }
        catch (BlobDigestMismatchException e) when (e.ActualSize == size)
        {
            throw Mismatch(archiveName, name, expected, e.ActualDigest);
        }
    }

    private const string LocalBlobStoreMediaType = Kiln.Storage.Blobs.LocalBlobStore.DefaultMediaType;

    private static ArchiveIntegrityException Mismatch(string archiveName, string name, Digest expected, Digest actual) =>
        new(archiveName, name, $"content hashes to {actual}, not to the digest {expected} in its name; the blob was not stored");

    /// <summary>The digest a member named <c>blobs/&lt;alg&gt;/&lt;hex&gt;</c> must have, or null for other names.</summary>
    private static Digest? BlobName(string name)
    {
        var parts = name.Split('/');
        return parts.Length == 3 && parts[0] == "blobs" && Digest.TryParse(parts[1] + ":" + parts[2], out var digest) ? digest : null;
    }
}
