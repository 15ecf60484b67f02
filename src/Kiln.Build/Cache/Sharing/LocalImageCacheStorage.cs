using Kiln.Oci;
using Kiln.Storage;
using Kiln.Storage.Errors;

namespace Kiln.Build.Cache.Sharing;

/// <summary>
/// <c>--cache-from type=image,ref=NAME</c>: an image in the local store seen as a read-only cache storage, so the inline
/// cache of an image built with <c>--cache-to type=inline</c> (and loaded or pulled into another store) is imported the
/// same way a registry's would be. The reference is the image name; blobs are the store's own.
/// </summary>
public sealed class LocalImageCacheStorage(LocalStore store) : ICacheStorage
{
    public string Location => "local store " + store.Root;

    public async Task<CacheManifestContent?> ReadManifestAsync(string reference, CancellationToken cancellationToken)
    {
        try
        {
            var image = await store.GetImageAsync(reference, null, cancellationToken).ConfigureAwait(false);
            return new CacheManifestContent(image.Manifest.MediaType, image.Manifest.Bytes);
        }
        catch (ImageNotFoundException)
        {
            return null;
        }
    }

    public async Task<Stream> OpenBlobAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        try
        {
            return await store.Blobs.OpenReadAsync(descriptor, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobNotFoundException e)
        {
            throw new FileNotFoundException(e.Message, e);
        }
    }

    public Task<bool> HasBlobAsync(Descriptor descriptor, CancellationToken cancellationToken) =>
        Task.FromResult(store.Blobs.GetSize(descriptor.Digest) == descriptor.Size);

    public Task WriteBlobAsync(Descriptor descriptor, Stream content, CancellationToken cancellationToken) =>
        throw new NotSupportedException("type=image is read-only; export with --cache-to type=inline");

    public Task WriteManifestAsync(string reference, Descriptor descriptor, ReadOnlyMemory<byte> manifest, CancellationToken cancellationToken) =>
        throw new NotSupportedException("type=image is read-only; export with --cache-to type=inline");
}
