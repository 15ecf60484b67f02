using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Kiln.Archives.Compression;
using Kiln.Oci;
using Kiln.Storage;
using Kiln.Storage.Images;

namespace Kiln.Transports.Conversion;

/// <summary>
/// Gives an image the layer compression an output or a push wants (CLI-OUTPUT-IMAGE <c>compression</c>,
/// <c>compression-level</c>, <c>force-compression</c>). Kiln keeps the layers it builds uncompressed, as dockerd's own
/// store does, so a build never pays for compression it may not need; compression happens here, once per layer and
/// setting: each result is remembered under <c>&lt;store&gt;/cache/compressed</c> (diff ID, format, level → blob) and
/// reused while its blob is in the store. Layers already compressed (from a base image) keep their compression unless
/// forced. The converted image is a new manifest in the store (same config, so the same image ID); nothing is tagged.
/// </summary>
public sealed class ImageCompressor(LocalStore store)
{
    /// <summary>
    /// The image with uncompressed layers (every layer when <paramref name="force"/>) compressed per
    /// <paramref name="target"/>; the image itself when nothing needs to change.
    /// </summary>
    public async Task<StoredImage> CompressAsync(StoredImage image, CompressionOptions target, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(target);
        var docker = MediaTypes.IsDocker(image.Manifest.MediaType);
        if (docker && target.Format == Compression.Zstd)
        {
            // Docker's media types have no zstd layer; BuildKit switches such an image to OCI types as well.
            docker = false;
        }

        var layers = new Descriptor[image.Layers.Count];
        var changed = docker != MediaTypes.IsDocker(image.Manifest.MediaType);
        for (var i = 0; i < layers.Length; i++)
        {
            var layer = image.Layers[i];
            var current = MediaTypes.LayerCompression(layer.MediaType) ?? Compression.None;
            var convert = current != target.Format && (force || current == Compression.None);
            if (!convert)
            {
                layers[i] = layer with { MediaType = MediaTypes.LayerMediaType(current, !docker) };
                changed |= layers[i].MediaType != layer.MediaType;
                continue;
            }

            var blob = await CompressLayerAsync(layer, image.DiffIds[i], target, cancellationToken).ConfigureAwait(false);
            layers[i] = blob with { MediaType = MediaTypes.LayerMediaType(target.Format, !docker), Annotations = layer.Annotations };
            changed = true;
        }

        if (!changed)
        {
            return image;
        }

        var manifest = RawDocument.Create(image.Manifest.Value with
        {
            MediaType = docker ? MediaTypes.DockerManifest : MediaTypes.OciImageManifest,
            Config = image.Manifest.Value.Config with { MediaType = docker ? MediaTypes.DockerConfig : MediaTypes.OciImageConfig },
            Layers = layers,
        });
        await store.PutManifestAsync(manifest.Bytes, manifest.MediaType, cancellationToken).ConfigureAwait(false);
        return image with { Manifest = manifest, Index = null };
    }

    private async Task<Descriptor> CompressLayerAsync(Descriptor layer, Digest diffId, CompressionOptions target, CancellationToken cancellationToken)
    {
        var record = Path.Combine(store.Root, "cache", "compressed", string.Create(
            CultureInfo.InvariantCulture, $"{diffId.Encoded}-{target.Format.ToString().ToLowerInvariant()}-{target.EffectiveLevel}"));
        if (File.Exists(record) && Parse(await File.ReadAllTextAsync(record, cancellationToken).ConfigureAwait(false)) is { } known
            && await store.Blobs.ExistsAsync(known.Digest, cancellationToken).ConfigureAwait(false))
        {
            return known;
        }

        var pipe = new Pipe();
        var produce = Task.Run(
            async () =>
            {
                try
                {
                    await using var source = await store.Blobs.OpenReadAsync(layer.Digest, layer.Size, cancellationToken).ConfigureAwait(false);
                    await using var plain = Codecs.OpenDecompress(source, leaveOpen: true);
                    await using (var sink = pipe.Writer.AsStream(leaveOpen: true))
                    await using (var compressor = Codecs.OpenCompress(sink, target, leaveOpen: true))
                    await using (var hashing = new DigestingStream(compressor, leaveOpen: true))
                    {
                        await plain.CopyToAsync(hashing, 1 << 20, cancellationToken).ConfigureAwait(false);
                        await hashing.FlushAsync(cancellationToken).ConfigureAwait(false);
                        if (hashing.Digest != diffId)
                        {
                            throw new InvalidDataException($"layer {layer.Digest} does not decompress to its diff ID {diffId}");
                        }
                    }

                    await pipe.Writer.CompleteAsync().ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    await pipe.Writer.CompleteAsync(e).ConfigureAwait(false);
                    throw;
                }
            },
            cancellationToken);

        Descriptor stored;
        await using (var reader = pipe.Reader.AsStream())
        {
            stored = await store.Blobs.WriteAsync(reader, expected: null, cancellationToken).ConfigureAwait(false);
        }

        await produce.ConfigureAwait(false);
        Directory.CreateDirectory(Path.GetDirectoryName(record)!);
        var temp = record + "." + Guid.NewGuid().ToString("N");
        await File.WriteAllTextAsync(temp, stored.Digest + " " + stored.Size.ToString(CultureInfo.InvariantCulture), Encoding.ASCII, cancellationToken).ConfigureAwait(false);
        File.Move(temp, record, overwrite: true);
        return stored;
    }

    private static Descriptor? Parse(string text)
    {
        var parts = text.Split(' ');
        return parts.Length == 2 && Digest.TryParse(parts[0], out var digest) && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            ? new Descriptor(MediaTypes.OciLayer, digest, size)
            : null;
    }
}
