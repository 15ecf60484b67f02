using Kiln.Archives.Tar;
using Kiln.Oci;
using Kiln.Oci.Images;
using Kiln.Oci.Json;
using Kiln.Storage;
using Kiln.Storage.Images;

namespace Kiln.Transports.Archives;

/// <summary>
/// Writes images as a tar of an OCI image layout (image-layout.md; <c>kiln save --format oci</c>, read by skopeo's
/// <c>oci-archive:</c> and umoci): <c>blobs/&lt;alg&gt;/&lt;hex&gt;</c> with the manifest, config and layers exactly as
/// stored (digests unchanged), <c>index.json</c> with one entry per name carrying the full reference in
/// <c>org.opencontainers.image.ref.name</c> and <c>io.containerd.image.name</c> (as the store does), and
/// <c>oci-layout</c>. Entries are sorted by name with fixed metadata; blobs stream and are verified as they are copied.
/// A multi-platform image is written as the single-platform image that was selected from it.
/// </summary>
public sealed class OciArchiveWriter(LocalStore store)
{
    /// <summary>Writes <paramref name="images"/> to <paramref name="output"/> (left open).</summary>
    public async Task WriteAsync(IReadOnlyList<ArchiveImage> images, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(output);
        var blobs = new SortedDictionary<string, (Descriptor Descriptor, ReadOnlyMemory<byte>? Bytes)>(StringComparer.Ordinal);
        var entries = new List<Descriptor>();
        foreach (var (image, names) in images)
        {
            Add(blobs, image.Manifest.ToDescriptor(), image.Manifest.Bytes);
            Add(blobs, image.Manifest.Value.Config, image.Config.Bytes);
            foreach (var layer in image.Layers.Where(l => l.Data is null))
            {
                Add(blobs, layer, null);
            }

            var platform = image.Config.Value.Platform;
            var target = image.Manifest.ToDescriptor() with { Platform = string.IsNullOrEmpty(platform.OS) ? null : platform };
            if (names.Count == 0)
            {
                entries.Add(target);
            }

            foreach (var name in names)
            {
                entries.Add(target with
                {
                    Annotations = new Dictionary<string, string>
                    {
                        [StoreAnnotations.RefName] = name.ToString(),
                        [StoreAnnotations.ContainerdImageName] = name.ToString(),
                    },
                });
            }
        }

        using var tar = new PaxTarWriter(output, leaveOpen: true);
        ArchiveTar.WriteDirectory(tar, "blobs");
        string? directory = null;
        foreach (var (path, (descriptor, bytes)) in blobs)
        {
            var algorithmDirectory = "blobs/" + descriptor.Digest.Algorithm;
            if (algorithmDirectory != directory)
            {
                ArchiveTar.WriteDirectory(tar, algorithmDirectory);
                directory = algorithmDirectory;
            }

            if (bytes is { } inMemory)
            {
                ArchiveTar.WriteFile(tar, path, inMemory);
                continue;
            }

            await using var stream = await store.Blobs.OpenReadAsync(descriptor, cancellationToken).ConfigureAwait(false);
            ArchiveTar.WriteFile(tar, path, descriptor.Size, stream);
            await ArchiveTar.DrainAsync(stream, cancellationToken).ConfigureAwait(false);
        }

        ArchiveTar.WriteFile(tar, "index.json", OciJson.Serialize(new ImageIndex(MediaTypes.OciImageIndex, entries)));
        ArchiveTar.WriteFile(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}"u8.ToArray());
        tar.Finish();
    }

    private static void Add(SortedDictionary<string, (Descriptor, ReadOnlyMemory<byte>?)> blobs, Descriptor descriptor, ReadOnlyMemory<byte>? bytes) =>
        blobs.TryAdd($"blobs/{descriptor.Digest.Algorithm}/{descriptor.Digest.Encoded}", (descriptor, bytes));
}
