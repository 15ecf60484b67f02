using Kiln.Oci;
using Kiln.Oci.Images;
using Kiln.Oci.Json;
using Kiln.Storage;
using Kiln.Storage.Images;

namespace Kiln.Build.Outputs;

/// <summary>
/// <c>type=oci,tar=false,dest=DIR</c> (CLI-OUTPUT-OCI): the image as an OCI image layout directory (image-layout.md)
/// that skopeo (<c>oci:DIR[:name]</c>) and umoci read. An existing layout is added to, as BuildKit does: blobs already
/// present are kept, <c>index.json</c> entries with the same name are replaced. Each blob is copied from the store with
/// its digest verified and lands by an atomic rename; <c>index.json</c> is replaced last, so an interrupted export
/// leaves the previous index (pointing at complete blobs) in place. Entries carry the full reference in
/// <c>org.opencontainers.image.ref.name</c> and <c>io.containerd.image.name</c>, like Kiln's store and OCI archives.
/// </summary>
internal sealed class OciLayoutDirectoryWriter(LocalStore store)
{
    private static ReadOnlyMemory<byte> LayoutFileContent => "{\"imageLayoutVersion\":\"1.0.0\"}"u8.ToArray();

    /// <summary>Writes <paramref name="image"/> under <paramref name="directory"/> (created when missing) and returns its index entry.</summary>
    /// <exception cref="OutputException">The directory holds an <c>index.json</c> that is not an OCI index.</exception>
    public async Task<Descriptor> WriteAsync(string directory, StoredImage image, IReadOnlyList<ImageReference> names, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(directory);
        if (File.Exists(root))
        {
            throw new OutputException(OutputException.DestinationId, $"destination {directory} is a file; tar=false writes an OCI layout directory, so give a directory path");
        }

        Directory.CreateDirectory(root);
        var indexPath = Path.Combine(root, "index.json");
        var existing = ReadIndex(indexPath, directory);

        await CopyBlobAsync(root, image.Manifest.ToDescriptor(), image.Manifest.Bytes, cancellationToken).ConfigureAwait(false);
        await CopyBlobAsync(root, image.Manifest.Value.Config, image.Config.Bytes, cancellationToken).ConfigureAwait(false);
        foreach (var layer in image.Layers.Where(l => l.Data is null))
        {
            await CopyBlobAsync(root, layer, null, cancellationToken).ConfigureAwait(false);
        }

        var platform = image.Config.Value.Platform;
        var target = image.Manifest.ToDescriptor() with { Platform = string.IsNullOrEmpty(platform.OS) ? null : platform };
        var added = names.Count == 0
            ? [target]
            : names.Select(n => target with
            {
                Annotations = new Dictionary<string, string>
                {
                    [StoreAnnotations.RefName] = n.ToString(),
                    [StoreAnnotations.ContainerdImageName] = n.ToString(),
                },
            }).ToList();

        var replacedNames = names.Select(n => n.ToString()).ToHashSet(StringComparer.Ordinal);
        var kept = existing.Where(e => RefName(e) is { } name
            ? !replacedNames.Contains(name)
            : names.Count > 0 || e.Digest != target.Digest);
        var entries = kept.Concat(added).ToList();

        if (!File.Exists(Path.Combine(root, "oci-layout")))
        {
            await AtomicFile.WriteAsync(Path.Combine(root, "oci-layout"), LayoutFileContent, cancellationToken).ConfigureAwait(false);
        }

        await AtomicFile.WriteAsync(indexPath, OciJson.Serialize(new ImageIndex(MediaTypes.OciImageIndex, entries)), cancellationToken).ConfigureAwait(false);
        return target;
    }

    private static List<Descriptor> ReadIndex(string indexPath, string directory)
    {
        if (!File.Exists(indexPath))
        {
            return [];
        }

        try
        {
            return [.. OciJson.DeserializeIndex(File.ReadAllBytes(indexPath)).Manifests];
        }
        catch (InvalidDocumentException e)
        {
            throw new OutputException(
                OutputException.DestinationId,
                $"{indexPath} is not an OCI image index ({e.Message}); export into an empty directory or an existing OCI layout",
                e);
        }
    }

    private async Task CopyBlobAsync(string root, Descriptor descriptor, ReadOnlyMemory<byte>? bytes, CancellationToken cancellationToken)
    {
        var path = Path.Combine(root, "blobs", descriptor.Digest.Algorithm, descriptor.Digest.Encoded);
        var present = new FileInfo(path);
        if (present.Exists && present.Length == descriptor.Size)
        {
            return; // content-addressed: a complete blob with this digest is this blob
        }

        if (bytes is { } inMemory)
        {
            await AtomicFile.WriteAsync(path, inMemory, cancellationToken).ConfigureAwait(false);
            return;
        }

        await AtomicFile.WriteAsync(
            path,
            async (output, token) =>
            {
                var source = await store.Blobs.OpenReadAsync(descriptor, token).ConfigureAwait(false);
                await using (source.ConfigureAwait(false))
                {
                    await source.CopyToAsync(output, token).ConfigureAwait(false);
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static string? RefName(Descriptor entry) =>
        entry.Annotations is { } annotations && annotations.TryGetValue(StoreAnnotations.RefName, out var name) ? name : null;
}
