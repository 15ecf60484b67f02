using System.Buffers;
using Kiln.Linux;
using Kiln.Oci;
using Kiln.Storage.Errors;
using Kiln.Storage.Layout;
using Kiln.Storage.Locking;

namespace Kiln.Storage.Blobs;

/// <summary>
/// The blobs of the local store, at <c>blobs/&lt;alg&gt;/&lt;hex&gt;</c> (OCI image-layout.md "Blobs"). Writes stream to a temp
/// file in <c>ingest/</c> while hashing, are verified, fsynced and renamed into place, then the directory is fsynced:
/// a crash at any point leaves at most a temp file in <c>ingest/</c>, never a partial blob. Reads verify as they go.
/// Large blobs are written past the page cache (<see cref="DirectWriteStream"/>): at the disk's speed, without
/// evicting the page cache for them.
/// </summary>
public sealed class LocalBlobStore : IBlobStore
{
    /// <summary>Media type given to blobs written without a descriptor.</summary>
    public const string DefaultMediaType = "application/octet-stream";

    private const int BufferSize = 1 << 17;

    private readonly StorePaths _paths;

    internal LocalBlobStore(StorePaths paths)
    {
        _paths = paths;
    }

    /// <summary>The path a blob has (or would have) in the store.</summary>
    public string GetPath(Digest digest)
    {
        RequireDigest(digest);
        return _paths.Blob(digest);
    }

    public Task<bool> ExistsAsync(Digest digest, CancellationToken cancellationToken = default) =>
        Task.FromResult(File.Exists(GetPath(digest)));

    /// <summary>The stored length of a blob, or null when it is not present.</summary>
    public long? GetSize(Digest digest)
    {
        var info = new FileInfo(GetPath(digest));
        return info.Exists ? info.Length : null;
    }

    public Task<Stream> OpenReadAsync(Digest digest, long? expectedSize = null, CancellationToken cancellationToken = default)
    {
        var path = GetPath(digest);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            throw new BlobNotFoundException(digest, path);
        }
        catch (DirectoryNotFoundException)
        {
            throw new BlobNotFoundException(digest, path);
        }

        return Task.FromResult<Stream>(new VerifyingReadStream(file, digest, expectedSize, path));
    }

    /// <summary>Opens the blob a descriptor points at, verifying its digest and size.</summary>
    public Task<Stream> OpenReadAsync(Descriptor descriptor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return OpenReadAsync(descriptor.Digest, descriptor.Size, cancellationToken);
    }

    /// <summary>Reads a whole (small) blob, verified: manifests, configs, indexes.</summary>
    public async Task<byte[]> ReadAllBytesAsync(Digest digest, long? expectedSize = null, CancellationToken cancellationToken = default)
    {
        await using var stream = await OpenReadAsync(digest, expectedSize, cancellationToken).ConfigureAwait(false);
        var buffer = new MemoryStream(expectedSize is { } size and < int.MaxValue ? (int)size : 0);
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>Stores bytes under their SHA-256 digest with <paramref name="mediaType"/>.</summary>
    public Task<Descriptor> WriteAsync(ReadOnlyMemory<byte> content, string mediaType, CancellationToken cancellationToken = default)
    {
        var expected = new Descriptor(mediaType, Digest.Compute(content.Span), content.Length);
        return WriteAsync(new MemoryStream(content.ToArray(), writable: false), expected, cancellationToken);
    }

    public async Task<Descriptor> WriteAsync(Stream content, Descriptor? expected, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (expected is not null)
        {
            RequireDigest(expected.Digest);
            if (GetSize(expected.Digest) is { } existing && existing == expected.Size)
            {
                return expected;
            }
        }

        Directory.CreateDirectory(_paths.Ingest);
        var temp = _paths.NewIngestPath("blob");
        try
        {
            Digest digest;
            long size;
            var algorithm = expected?.Digest.Algorithm ?? Digest.Sha256;
            using (var file = new DirectWriteStream(temp))
            {
                (digest, size) = await CopyHashingAsync(content, file, algorithm, expected, cancellationToken).ConfigureAwait(false);
                file.Complete();
            }

            if (expected is not null && (digest != expected.Digest || size != expected.Size))
            {
                throw new BlobDigestMismatchException(expected, digest, size);
            }

            Publish(temp, digest);
            return expected ?? new Descriptor(DefaultMediaType, digest, size);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>
    /// Stores what <paramref name="write"/> writes into the stream it is given, in one pass: the stream is the ingest
    /// file itself (buffered), hashed by the store as the bytes go through, so a producer that needs the digest too
    /// (e.g. an uncompressed layer's diff ID) reads it from the same stream instead of hashing again. The blob
    /// becomes visible (fsynced, renamed) only after <paramref name="write"/> returns; a failure leaves nothing.
    /// </summary>
    public async Task<Descriptor> WriteAsync(Action<DigestingStream, CancellationToken> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        Directory.CreateDirectory(_paths.Ingest);
        var temp = _paths.NewIngestPath("blob");
        try
        {
            Digest digest;
            long size;
            using (var file = new DirectWriteStream(temp))
            {
                using var hashing = new DigestingStream(file, leaveOpen: true);
                await Task.Run(() => write(hashing, cancellationToken), cancellationToken).ConfigureAwait(false);
                file.Complete();
                (digest, size) = (hashing.Digest, hashing.BytesProcessed);
            }

            Publish(temp, digest);
            return new Descriptor(DefaultMediaType, digest, size);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    // Makes an ingested, fsynced file the blob of its digest (atomically; a blob already present is kept).
    private void Publish(string temp, Digest digest)
    {
        var destination = _paths.Blob(digest);
        if (!File.Exists(destination))
        {
            var directory = _paths.BlobDirectory(digest.Algorithm);
            Directory.CreateDirectory(directory);

            // rename(2) is atomic; two writers of the same content both succeed with identical bytes.
            File.Move(temp, destination, overwrite: true);
            Durability.SyncDirectory(directory);
        }
    }

    public async Task<bool> DeleteAsync(Digest digest, CancellationToken cancellationToken = default)
    {
        using var writeLock = await StoreLock.AcquireAsync(_paths.WriteLock, cancellationToken).ConfigureAwait(false);
        return DeleteUnlocked(digest);
    }

    /// <summary>Every blob file name under <c>blobs/</c> that is a valid digest, with its size.</summary>
    public IEnumerable<(Digest Digest, long Size)> Enumerate()
    {
        if (!Directory.Exists(_paths.Blobs))
        {
            yield break;
        }

        foreach (var directory in Directory.EnumerateDirectories(_paths.Blobs))
        {
            var algorithm = Path.GetFileName(directory);
            foreach (var file in new DirectoryInfo(directory).EnumerateFiles())
            {
                if (Digest.TryParse(algorithm + ":" + file.Name, out var digest))
                {
                    yield return (digest, file.Length);
                }
            }
        }
    }

    internal bool DeleteUnlocked(Digest digest)
    {
        var path = GetPath(digest);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        Durability.SyncDirectory(Path.GetDirectoryName(path)!);
        return true;
    }

    private static async Task<(Digest Digest, long Size)> CopyHashingAsync(
        Stream source, Stream destination, string algorithm, Descriptor? expected, CancellationToken cancellationToken)
    {
        using var hasher = new DigestHasher(algorithm);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                hasher.Append(buffer.AsSpan(0, read));
                if (expected is not null && hasher.BytesHashed > expected.Size)
                {
                    // Stop early: a source longer than announced can never match.
                    throw new BlobDigestMismatchException(expected, hasher.GetCurrentDigest(), hasher.BytesHashed);
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            return (hasher.GetCurrentDigest(), hasher.BytesHashed);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void RequireDigest(Digest digest)
    {
        if (digest.IsEmpty)
        {
            throw new ArgumentException("the digest is empty", nameof(digest));
        }
    }
}
