using Kiln.Oci;
using Kiln.Oci.Json;
using Kiln.Storage;
using Kiln.Storage.Images;

namespace Kiln.Build.Images;

/// <summary>
/// Reads an image from an OCI image-layout directory (<c>--build-context name=oci-layout://DIR[:TAG|@DIGEST]</c>,
/// CTX-NAMED) into the local store: the manifest is chosen by tag (<c>org.opencontainers.image.ref.name</c>), by
/// digest, or as the only one; an index is narrowed to the platform. Blobs are copied with their digests verified.
/// </summary>
internal sealed class OciLayoutImporter(LocalStore store)
{
    public async Task<StoredImage> ImportAsync(string value, Platform platform, CancellationToken cancellationToken)
    {
        var (directory, tag, digest) = Split(value);
        var indexPath = Path.Combine(directory, "index.json");
        if (!File.Exists(indexPath))
        {
            throw new InvalidOperationException($"oci-layout://{value}: {indexPath} does not exist; point at an OCI image layout directory");
        }

        var index = OciJson.DeserializeIndex(await File.ReadAllBytesAsync(indexPath, cancellationToken).ConfigureAwait(false));
        var candidates = index.Manifests.Where(m =>
            digest is { } d ? m.Digest == d
            : tag is null || (m.Annotations?.TryGetValue("org.opencontainers.image.ref.name", out var name) == true && (name == tag || name.EndsWith(":" + tag, StringComparison.Ordinal)))).ToList();
        if (candidates.Count == 0 && tag is null && digest is null && index.Manifests.Count > 0)
        {
            candidates.Add(index.Manifests[0]);
        }

        if (candidates.Count == 0)
        {
            throw new InvalidOperationException($"oci-layout://{value}: no manifest {(digest?.ToString() ?? tag)} in {indexPath}");
        }

        var target = candidates[0];
        if (MediaTypes.IsIndex(target.MediaType))
        {
            var child = OciJson.DeserializeIndex(await ReadBlobAsync(directory, target, cancellationToken).ConfigureAwait(false));
            target = child.Manifests.FirstOrDefault(m => m.Platform is { } p && p.Matches(platform)) ?? child.Manifests.FirstOrDefault()
                ?? throw new InvalidOperationException($"oci-layout://{value}: the index has no manifests");
        }

        var manifestBytes = await ReadBlobAsync(directory, target, cancellationToken).ConfigureAwait(false);
        var manifest = RawDocument.ParseManifest(manifestBytes, target.MediaType);
        foreach (var blob in manifest.Value.Layers.Append(manifest.Value.Config))
        {
            if (await store.Blobs.ExistsAsync(blob.Digest, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            await using var stream = File.OpenRead(BlobPath(directory, blob.Digest));
            await store.Blobs.WriteAsync(stream, blob, cancellationToken).ConfigureAwait(false);
        }

        await store.PutManifestAsync(manifestBytes, target.MediaType, cancellationToken).ConfigureAwait(false);
        var config = RawDocument.ParseConfig(
            await store.Blobs.ReadAllBytesAsync(manifest.Value.Config.Digest, manifest.Value.Config.Size, cancellationToken).ConfigureAwait(false),
            manifest.Value.Config.MediaType);
        return new StoredImage(manifest, config, [], null);
    }

    private static (string Directory, string? Tag, Digest? Digest) Split(string value)
    {
        var at = value.LastIndexOf('@');
        if (at > 0 && Digest.TryParse(value[(at + 1)..], out var digest))
        {
            return (value[..at], null, digest);
        }

        var colon = value.LastIndexOf(':');
        var slash = value.LastIndexOf('/');
        if (colon > slash && colon > 0 && !Directory.Exists(value))
        {
            return (value[..colon], value[(colon + 1)..], null);
        }

        return (value, null, null);
    }

    private static string BlobPath(string directory, Digest digest) => Path.Combine(directory, "blobs", digest.Algorithm, digest.Encoded);

    private static async Task<byte[]> ReadBlobAsync(string directory, Descriptor descriptor, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(BlobPath(directory, descriptor.Digest), cancellationToken).ConfigureAwait(false);
        if (bytes.Length != descriptor.Size || Digest.Compute(bytes) != descriptor.Digest)
        {
            throw new InvalidOperationException($"blob {descriptor.Digest} in the OCI layout {directory} does not match its digest");
        }

        return bytes;
    }
}
