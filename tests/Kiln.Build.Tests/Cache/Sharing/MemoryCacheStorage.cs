using Kiln.Build.Cache.Sharing;
using Kiln.Oci;

namespace Kiln.Build.Tests.Cache.Sharing;

/// <summary>A registry-like <see cref="ICacheStorage"/> in memory: blobs by digest, manifests by reference, nothing verified (as a careless transport might be).</summary>
internal sealed class MemoryCacheStorage(string location) : ICacheStorage
{
    public Dictionary<Digest, byte[]> Blobs { get; } = [];

    public Dictionary<string, (string MediaType, byte[] Bytes)> Manifests { get; } = new(StringComparer.Ordinal);

    public string Location => location;

    public Task<CacheManifestContent?> ReadManifestAsync(string reference, CancellationToken cancellationToken) =>
        Task.FromResult(Manifests.TryGetValue(reference, out var m) ? new CacheManifestContent(m.MediaType, m.Bytes) : null);

    public Task<Stream> OpenBlobAsync(Descriptor descriptor, CancellationToken cancellationToken) =>
        Blobs.TryGetValue(descriptor.Digest, out var bytes)
            ? Task.FromResult<Stream>(new MemoryStream(bytes, writable: false))
            : throw new FileNotFoundException("no blob " + descriptor.Digest);

    public Task<bool> HasBlobAsync(Descriptor descriptor, CancellationToken cancellationToken) => Task.FromResult(Blobs.ContainsKey(descriptor.Digest));

    public async Task WriteBlobAsync(Descriptor descriptor, Stream content, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        Blobs[descriptor.Digest] = buffer.ToArray();
    }

    public Task WriteManifestAsync(string reference, Descriptor descriptor, ReadOnlyMemory<byte> manifest, CancellationToken cancellationToken)
    {
        Blobs[descriptor.Digest] = manifest.ToArray();
        Manifests[reference] = (descriptor.MediaType, manifest.ToArray());
        return Task.CompletedTask;
    }
}
