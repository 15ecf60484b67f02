using System.Text;
using System.Text.Json;
using Kiln.Oci;
using Kiln.Oci.Images;

namespace Kiln.Build.Cache.Sharing;

/// <summary>
/// Reads a cache from an <see cref="ICacheStorage"/> (docs/cache-format.md): the manifest under a reference, then either
/// its config blob (a cache manifest, <see cref="CacheFormat.ArtifactType"/>) or its inline annotation (an image built with
/// <c>--cache-to type=inline</c>). Everything is untrusted: the config must match its digest and size, and every record's
/// layer and every mount's blob must be one of the manifest's layers (so a registry keeps them and they can be verified
/// when fetched). A manifest or config that breaks the format is a <see cref="CacheSharingException"/> naming the source.
/// </summary>
public static class CacheManifestReader
{
    /// <summary>
    /// The cache under <paramref name="reference"/>, or (null, why) when there is none there or it cannot be used (no
    /// manifest under the reference, an image without an inline cache, records keyed by another cache-key schema).
    /// </summary>
    /// <exception cref="CacheSharingException">The manifest or config is malformed.</exception>
    public static async Task<(LoadedCache? Cache, string? Note)> LoadAsync(ICacheStorage storage, string reference, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var content = await storage.ReadManifestAsync(reference, cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            return (null, $"{source}: no cache found (nothing under {reference} in {storage.Location}); building without it");
        }

        if (content.Bytes.Length > CacheFormat.MaxManifestSize)
        {
            throw Malformed(source, $"the manifest is {content.Bytes.Length} bytes, more than a cache manifest can be");
        }

        var mediaType = string.IsNullOrEmpty(content.MediaType) ? Kiln.Oci.Json.OciJson.DetectMediaType(content.Bytes.Span) : content.MediaType;
        if (MediaTypes.IsIndex(mediaType))
        {
            throw Malformed(source, $"the manifest is an index ({mediaType}); a Kiln cache is one image manifest");
        }

        ImageManifest manifest;
        try
        {
            manifest = RawDocument.ParseManifest(content.Bytes, mediaType).Value;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Malformed(source, "the manifest is not an OCI image manifest: " + e.Message);
        }

        CacheConfigDocument config;
        if (manifest.ArtifactType == CacheFormat.ArtifactType || manifest.Config.MediaType == CacheFormat.ConfigMediaType)
        {
            config = Parse(source, await ReadConfigAsync(storage, manifest.Config, source, cancellationToken).ConfigureAwait(false));
        }
        else if (manifest.Annotations is { } annotations && annotations.TryGetValue(CacheFormat.InlineAnnotation, out var inline))
        {
            config = Parse(source, Encoding.UTF8.GetBytes(inline));
        }
        else
        {
            return (null, $"{source}: {reference} holds no Kiln cache (neither a cache manifest nor an image built with --cache-to type=inline); building without it");
        }

        if (config.KeySchema != CacheKeyBuilder.Schema)
        {
            return (null, $"{source}: made with cache key schema {config.KeySchema}, this Kiln uses {CacheKeyBuilder.Schema}; none of its records can hit");
        }

        var layers = manifest.Layers.ToDictionary(l => l.Digest, l => l.Size);
        foreach (var record in config.Records)
        {
            Validate(source, record, layers);
        }

        var mounts = config.Mounts ?? [];
        foreach (var mount in mounts)
        {
            if (mount is null || string.IsNullOrEmpty(mount.Id) || mount.Blob is null || !MediaTypes.IsLayer(mount.Blob.MediaType) || !IsListed(mount.Blob, layers))
            {
                throw Malformed(source, $"cache mount {mount?.Id} has no layer blob listed in the manifest");
            }
        }

        return (new LoadedCache(source, storage, config.Records, mounts), null);
    }

    private static void Validate(string source, SharedCacheRecordDocument? record, Dictionary<Digest, long> layers)
    {
        if (record is null || record.Key.IsEmpty || record.Key.Algorithm != Digest.Sha256 || record.Description is null)
        {
            throw Malformed(source, "a record has no sha256 key or no description");
        }

        if ((record.Layer is null) != (record.DiffId is null))
        {
            throw Malformed(source, $"record {record.Key} has a layer without a diffId or a diffId without a layer");
        }

        if (record.Layer is { } layer && (!MediaTypes.IsLayer(layer.MediaType) || !IsListed(layer, layers)))
        {
            throw Malformed(source, $"record {record.Key} names layer {layer.Digest} ({layer.MediaType}), which is not a layer of the manifest");
        }
    }

    private static bool IsListed(Descriptor blob, Dictionary<Digest, long> layers) =>
        !blob.Digest.IsEmpty && layers.TryGetValue(blob.Digest, out var size) && size == blob.Size;

    private static async Task<byte[]> ReadConfigAsync(ICacheStorage storage, Descriptor descriptor, string source, CancellationToken cancellationToken)
    {
        if (descriptor.Size > CacheFormat.MaxConfigSize)
        {
            throw Malformed(source, $"the cache config is {descriptor.Size} bytes, more than {CacheFormat.MaxConfigSize}");
        }

        byte[] bytes;
        try
        {
            await using var stream = await storage.OpenBlobAsync(descriptor, cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > descriptor.Size)
                {
                    break;
                }
            }

            bytes = buffer.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Malformed(source, $"the cache config {descriptor.Digest} cannot be read: {e.Message}");
        }

        if (!descriptor.Verify(bytes))
        {
            throw Malformed(source, $"the cache config does not match its digest {descriptor.Digest} (corrupted or tampered)");
        }

        return bytes;
    }

    private static CacheConfigDocument Parse(string source, byte[] bytes)
    {
        CacheConfigDocument? config;
        try
        {
            config = JsonSerializer.Deserialize(bytes, CacheSharingJsonContext.Default.CacheConfigDocument);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Malformed(source, "the cache config is not valid JSON of the format: " + e.Message);
        }

        if (config is null || config.Schema != CacheFormat.Schema || config.Records is null || config.KeySchema is null)
        {
            throw Malformed(source, $"the cache config is not a {CacheFormat.Schema} document");
        }

        return config;
    }

    private static CacheSharingException Malformed(string source, string message) =>
        new(CacheSharingException.MalformedId, $"{source}: {message}");
}
