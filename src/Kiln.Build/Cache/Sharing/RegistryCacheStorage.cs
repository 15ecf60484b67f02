using Kiln.Distribution;
using Kiln.Distribution.Errors;
using Kiln.Oci;

namespace Kiln.Build.Cache.Sharing;

/// <summary>
/// <c>--cache-from/--cache-to type=registry,ref=R</c>: the cache manifest and its blobs in the repository of R, through
/// the registry client (auth, retries, verified reads, resumable uploads). A missing tag is an empty cache.
/// </summary>
public sealed class RegistryCacheStorage(RegistryRepository repository, ImageReference reference) : ICacheStorage
{
    /// <inheritdoc/>
    public string Location => reference.ToString();

    /// <inheritdoc/>
    public async Task<CacheManifestContent?> ReadManifestAsync(string tagOrDigest, CancellationToken cancellationToken)
    {
        try
        {
            var manifest = await repository.Manifests.GetAsync(tagOrDigest, cancellationToken).ConfigureAwait(false);
            return new CacheManifestContent(manifest.MediaType, manifest.Bytes);
        }
        catch (RegistryException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public async Task<Stream> OpenBlobAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        try
        {
            return await repository.Blobs.OpenReadAsync(descriptor, cancellationToken).ConfigureAwait(false);
        }
        catch (RegistryException e) when (e.IsNotFound)
        {
            throw new FileNotFoundException($"blob {descriptor.Digest} is not in {repository.Registry}/{repository.Name}", e);
        }
    }

    /// <inheritdoc/>
    public Task<bool> HasBlobAsync(Descriptor descriptor, CancellationToken cancellationToken) =>
        repository.Blobs.ExistsAsync(descriptor.Digest, cancellationToken);

    /// <inheritdoc/>
    public async Task WriteBlobAsync(Descriptor descriptor, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var start = content.CanSeek ? content.Position : 0;
        await repository.Blobs.UploadAsync(
            descriptor,
            (offset, _) =>
            {
                // A resumed upload continues from where the registry got to; the exporter's streams are files.
                if (content.CanSeek)
                {
                    content.Position = start + offset;
                }
                else if (offset != 0)
                {
                    throw new IOException($"cannot resume the upload of {descriptor.Digest} from a stream that cannot seek");
                }

                return Task.FromResult<Stream>(new PassThroughReadStream(content, leaveOpen: true));
            },
            cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task WriteManifestAsync(string tagOrDigest, Descriptor descriptor, ReadOnlyMemory<byte> manifest, CancellationToken cancellationToken) =>
        repository.Manifests.PutAsync(tagOrDigest, manifest, descriptor.MediaType, cancellationToken);
}
