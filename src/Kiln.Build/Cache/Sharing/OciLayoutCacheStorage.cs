using System.Text.Json;
using Kiln.Oci;
using Kiln.Oci.Images;
using Kiln.Oci.Json;

namespace Kiln.Build.Cache.Sharing;

/// <summary>
/// <c>type=local</c> caches (CLI-CACHE-FROM <c>src=</c>, CLI-CACHE-TO <c>dest=</c>): an OCI image layout directory
/// (image-layout.md: <c>oci-layout</c>, <c>blobs/sha256/&lt;hex&gt;</c>, <c>index.json</c>), the cache manifest named by
/// its tag in the <c>org.opencontainers.image.ref.name</c> annotation of its <c>index.json</c> entry, as BuildKit's local
/// cache is. Blobs land by an atomic rename after their digest is checked; <c>index.json</c> is replaced last, so an
/// interrupted export leaves the previous cache whole. Old blobs are kept (a layout shared by several tags).
/// </summary>
public sealed class OciLayoutCacheStorage : ICacheStorage
{
    private const string RefNameAnnotation = "org.opencontainers.image.ref.name";
    private const string LayoutFileContent = "{\"imageLayoutVersion\":\"1.0.0\"}";
    private readonly string _root;

    /// <summary>The layout at <paramref name="directory"/>; nothing is read or created until used.</summary>
    public OciLayoutCacheStorage(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _root = Path.GetFullPath(directory);
    }

    public string Location => _root;

    private string IndexPath => Path.Combine(_root, "index.json");

    public async Task<CacheManifestContent?> ReadManifestAsync(string reference, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        var index = await ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        var entry = index?.Manifests.LastOrDefault(m => m.Annotations is { } a && a.TryGetValue(RefNameAnnotation, out var name) && name == reference);
        if (entry is null)
        {
            return null;
        }

        if (entry.Size > CacheFormat.MaxManifestSize)
        {
            throw Malformed($"the manifest of tag {reference} is {entry.Size} bytes, more than a cache manifest can be");
        }

        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(BlobPath(entry.Digest), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Malformed($"index.json names manifest {entry.Digest} for tag {reference}, but blobs/ does not hold it");
        }

        if (!entry.Verify(bytes))
        {
            throw Malformed($"the manifest of tag {reference} does not match its digest {entry.Digest} (corrupted or tampered)");
        }

        return new CacheManifestContent(entry.MediaType, bytes);
    }

    public Task<Stream> OpenBlobAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        try
        {
            return Task.FromResult<Stream>(new FileStream(BlobPath(descriptor.Digest), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan));
        }
        catch (DirectoryNotFoundException e)
        {
            throw new FileNotFoundException($"blob {descriptor.Digest} is not in {_root}", e);
        }
    }

    /// <summary>
    /// True when the blob is present with the right size and digest. The content is hashed: a cache directory reused by
    /// every CI run would otherwise keep a damaged blob forever (each import would refuse it and miss).
    /// </summary>
    public async Task<bool> HasBlobAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var info = new FileInfo(BlobPath(descriptor.Digest));
        if (!info.Exists || info.Length != descriptor.Size)
        {
            return false;
        }

        await using var file = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using var digesting = new DigestingStream(file, descriptor.Digest.Algorithm);
        await digesting.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        return digesting.Digest == descriptor.Digest;
    }

    public async Task WriteBlobAsync(Descriptor descriptor, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(content);
        var destination = BlobPath(descriptor.Digest);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var temp = destination + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            Descriptor written;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await using var digesting = new DigestingStream(file, descriptor.Digest.Algorithm, leaveOpen: true);
                await content.CopyToAsync(digesting, cancellationToken).ConfigureAwait(false);
                await digesting.FlushAsync(cancellationToken).ConfigureAwait(false);
                written = digesting.ToDescriptor(descriptor.MediaType);
                file.Flush(flushToDisk: true);
            }

            if (written.Digest != descriptor.Digest || written.Size != descriptor.Size)
            {
                throw new CacheSharingException(CacheSharingException.ExportFailedId, $"blob {descriptor.Digest} changed while it was copied to {_root} (got {written.Digest}, {written.Size} bytes)");
            }

            File.Move(temp, destination, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public async Task WriteManifestAsync(string reference, Descriptor descriptor, ReadOnlyMemory<byte> manifest, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        ArgumentNullException.ThrowIfNull(descriptor);
        using (var content = new MemoryStream(manifest.ToArray(), writable: false))
        {
            await WriteBlobAsync(descriptor, content, cancellationToken).ConfigureAwait(false);
        }

        var layoutFile = Path.Combine(_root, "oci-layout");
        if (!File.Exists(layoutFile))
        {
            await WriteAtomicallyAsync(layoutFile, System.Text.Encoding.UTF8.GetBytes(LayoutFileContent), cancellationToken).ConfigureAwait(false);
        }

        var index = await ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        var entries = (index?.Manifests ?? [])
            .Where(m => m.Annotations is not { } a || !a.TryGetValue(RefNameAnnotation, out var name) || name != reference)
            .Append(descriptor with { Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { [RefNameAnnotation] = reference } })
            .ToList();
        var bytes = OciJson.Serialize(new ImageIndex(MediaTypes.OciImageIndex, entries));
        await WriteAtomicallyAsync(IndexPath, bytes, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ImageIndex?> ReadIndexAsync(CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(IndexPath, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        try
        {
            return OciJson.DeserializeIndex(bytes);
        }
        catch (Exception e) when (e is InvalidDocumentException or JsonException or ArgumentException)
        {
            throw Malformed("index.json is not an OCI image index: " + e.Message);
        }
    }

    private string BlobPath(Digest digest) => Path.Combine(_root, "blobs", digest.Algorithm, digest.Encoded);

    private static async Task WriteAtomicallyAsync(string destination, byte[] bytes, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var temp = destination + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                await file.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, destination, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private CacheSharingException Malformed(string message) =>
        new(CacheSharingException.MalformedId, $"cache {_root}: {message}");
}
