using System.Text.Json;
using Kiln.Oci;
using Kiln.Oci.Json;

namespace Kiln.Build.Cache;

/// <summary>
/// Read-only view of the local store's OCI image layout (image-layout.md: <c>index.json</c>, <c>blobs/&lt;alg&gt;/&lt;hex&gt;</c>)
/// for the cache: whether a blob is present, its size, and every blob the tagged images reach (index → manifests →
/// config and layers), to tell layers only the cache holds from layers images use. Damaged documents end the walk
/// there, as in the store's own garbage collection.
/// </summary>
internal sealed class StoreBlobs(string storeRoot)
{
    private const long MaxSniffedDocumentSize = 4 << 20;

    public string BlobPath(Digest digest) => Path.Combine(storeRoot, "blobs", digest.Algorithm, digest.Encoded);

    /// <summary>The stored length of a blob, or null when it is absent.</summary>
    public long? Size(Digest digest)
    {
        var info = new FileInfo(BlobPath(digest));
        return info.Exists ? info.Length : null;
    }

    /// <summary>Every blob reachable from the references in <c>index.json</c>.</summary>
    public async Task<HashSet<Digest>> ReachableFromImagesAsync(CancellationToken cancellationToken)
    {
        var reached = new HashSet<Digest>();
        byte[] index;
        try
        {
            index = await File.ReadAllBytesAsync(Path.Combine(storeRoot, "index.json"), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return reached;
        }

        IReadOnlyList<Descriptor> entries;
        try
        {
            entries = OciJson.DeserializeIndex(index).Manifests;
        }
        catch (Exception e) when (e is InvalidDocumentException or JsonException)
        {
            // A damaged index.json is the store's problem (kiln system check); the cache then sees no images.
            return reached;
        }

        foreach (var entry in entries)
        {
            await WalkAsync(entry, reached, cancellationToken).ConfigureAwait(false);
        }

        return reached;
    }

    private async Task WalkAsync(Descriptor descriptor, HashSet<Digest> reached, CancellationToken cancellationToken)
    {
        if (descriptor.Digest.IsEmpty || !reached.Add(descriptor.Digest) || Size(descriptor.Digest) is not { } size)
        {
            return;
        }

        var type = descriptor.MediaType;
        var isDocument = MediaTypes.IsIndex(type) || MediaTypes.IsManifest(type);
        if (!isDocument && (size > MaxSniffedDocumentSize || MediaTypes.IsLayer(type) || MediaTypes.IsConfig(type)))
        {
            return;
        }

        try
        {
            var bytes = await File.ReadAllBytesAsync(BlobPath(descriptor.Digest), cancellationToken).ConfigureAwait(false);
            if (!isDocument)
            {
                type = OciJson.DetectMediaType(bytes);
            }

            if (MediaTypes.IsIndex(type))
            {
                foreach (var child in RawDocument.ParseIndex(bytes, type).Value.Manifests)
                {
                    await WalkAsync(child, reached, cancellationToken).ConfigureAwait(false);
                }
            }
            else if (MediaTypes.IsManifest(type))
            {
                var manifest = RawDocument.ParseManifest(bytes, type).Value;
                reached.Add(manifest.Config.Digest);
                foreach (var layer in manifest.Layers)
                {
                    reached.Add(layer.Digest);
                }
            }
        }
        catch (Exception e) when (e is InvalidDocumentException or JsonException or FileNotFoundException)
        {
            // A damaged or concurrently pruned document keeps only itself.
        }
    }
}
