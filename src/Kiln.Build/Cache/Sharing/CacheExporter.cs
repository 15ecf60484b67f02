using System.Text;
using System.Text.Json;
using Kiln.Build.Operations.Run;
using Kiln.Oci;
using Kiln.Oci.Images;
using Kiln.Storage;

namespace Kiln.Build.Cache.Sharing;

/// <summary>
/// Writes a build's cache (CLI-CACHE-TO, docs/cache-format.md) to an <see cref="ICacheStorage"/>: the layer blobs of the
/// exported records (copied from the local store, verified as read, skipped when the storage has them), one gzip tar per
/// RUN cache mount with <c>mounts=true</c>, the config blob, and last the manifest under the reference, so a reader never
/// sees a manifest whose blobs are missing. Also makes the text of an inline cache annotation.
/// </summary>
public sealed class CacheExporter(LocalStore store)
{
    /// <summary>Exports <paramref name="source"/> as <paramref name="spec"/> asks into <paramref name="storage"/> under <paramref name="reference"/>; returns the manifest's descriptor.</summary>
    public async Task<Descriptor> ExportAsync(CacheExportSource source, CacheSpec spec, ICacheStorage storage, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(storage);
        var steps = source.Select(spec.Mode);
        var layers = new List<Descriptor>();
        var seen = new HashSet<Digest>();
        foreach (var step in steps)
        {
            if (step.Record.Layer is { } layer && seen.Add(layer.Digest))
            {
                layers.Add(WithoutAnnotations(layer));
                if (!await storage.HasBlobAsync(layer, cancellationToken).ConfigureAwait(false))
                {
                    await using var content = await store.Blobs.OpenReadAsync(layer, cancellationToken).ConfigureAwait(false);
                    await storage.WriteBlobAsync(layer, content, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        var mounts = new List<SharedCacheMountDocument>();
        if (spec.Mounts)
        {
            foreach (var id in source.SelectMounts(spec.Mode))
            {
                if (await ExportMountAsync(id, storage, cancellationToken).ConfigureAwait(false) is { } blob)
                {
                    mounts.Add(new SharedCacheMountDocument(id, blob));
                    if (seen.Add(blob.Digest))
                    {
                        layers.Add(blob with { Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { [CacheFormat.MountIdAnnotation] = id } });
                    }
                }
            }
        }

        var configBytes = Serialize(steps, mounts);
        var config = Descriptor.For(CacheFormat.ConfigMediaType, configBytes);
        using (var content = new MemoryStream(configBytes, writable: false))
        {
            await storage.WriteBlobAsync(config, content, cancellationToken).ConfigureAwait(false);
        }

        var manifest = RawDocument.Create(new ImageManifest(MediaTypes.OciImageManifest, config, layers) { ArtifactType = CacheFormat.ArtifactType });
        var descriptor = manifest.ToDescriptor() with { ArtifactType = CacheFormat.ArtifactType };
        await storage.WriteManifestAsync(reference, descriptor, manifest.Bytes, cancellationToken).ConfigureAwait(false);
        return descriptor;
    }

    /// <summary>The inline cache annotation's text for <paramref name="source"/> (<c>mode=min</c>; the image carries the layers).</summary>
    public static string InlineAnnotation(CacheExportSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Encoding.UTF8.GetString(Serialize(source.Select(CacheExportMode.Min), []));
    }

    private static byte[] Serialize(IReadOnlyList<ExportableStep> steps, IReadOnlyList<SharedCacheMountDocument> mounts)
    {
        var records = steps.Select(s => new SharedCacheRecordDocument(
            s.Record.Key.Digest,
            s.Parent?.Digest,
            s.Stage,
            s.Record.Layer is { } layer ? WithoutAnnotations(layer) : null,
            s.Record.DiffId,
            s.Record.Created,
            s.Record.Description)).ToList();
        var document = new CacheConfigDocument(CacheFormat.Schema, CacheKeyBuilder.Schema, records, mounts.Count == 0 ? null : mounts);
        return JsonSerializer.SerializeToUtf8Bytes(document, CacheSharingJsonContext.Default.CacheConfigDocument);
    }

    private static Descriptor WithoutAnnotations(Descriptor descriptor) => new(descriptor.MediaType, descriptor.Digest, descriptor.Size);

    private async Task<Descriptor?> ExportMountAsync(string id, ICacheStorage storage, CancellationToken cancellationToken)
    {
        var mounts = new CacheMountStore(store.Root);
        if (mounts.Find(id) is not { } data)
        {
            return null;
        }

        var temp = Path.Combine(store.Root, "cache", "tmp");
        Directory.CreateDirectory(temp);
        var file = Path.Combine(temp, $"mount-{Guid.NewGuid():N}.tar.gz");
        try
        {
            Descriptor blob;
            using (await mounts.LockAsync(id, cancellationToken).ConfigureAwait(false))
            {
                await using var output = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                blob = CacheMountArchive.Pack(data, output, cancellationToken);
            }

            if (!await storage.HasBlobAsync(blob, cancellationToken).ConfigureAwait(false))
            {
                await using var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
                await storage.WriteBlobAsync(blob, input, cancellationToken).ConfigureAwait(false);
            }

            return blob;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
