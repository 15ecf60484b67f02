using System.Text.Json;
using Kiln.Archives.Layers;
using Kiln.Archives.Tar;
using Kiln.Oci;
using Kiln.Storage;
using Kiln.Storage.Snapshots;

namespace Kiln.Transports.Archives;

/// <summary>
/// Writes images as a docker-archive that <c>docker load</c> (Docker 20.10 and later) accepts (<c>kiln save</c>):
/// <c>&lt;config-hex&gt;.json</c> with the exact config bytes, one directory per layer named by its chain ID holding an
/// UNCOMPRESSED <c>layer.tar</c> (stored gzip/zstd layers are decompressed; the DiffID is verified against the config),
/// <c>VERSION</c> and a v1 <c>json</c>, then <c>manifest.json</c> (<c>Config</c>, <c>RepoTags</c>, <c>Layers</c>) and
/// <c>repositories</c>. Several images and tags share one archive; shared layers are written once. Entries are sorted by
/// name with fixed metadata, so the bytes are reproducible. Layers stream; none is held in memory.
/// </summary>
public sealed class DockerArchiveWriter(LocalStore store)
{
    /// <summary>Writes <paramref name="images"/> to <paramref name="output"/> (left open).</summary>
    public async Task WriteAsync(IReadOnlyList<ArchiveImage> images, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(output);
        var configs = new SortedDictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        var layers = new SortedDictionary<string, (Descriptor Blob, Digest DiffId, string? Parent)>(StringComparer.Ordinal);
        var manifest = new List<(string Config, IReadOnlyList<string> Tags, IReadOnlyList<string> Layers)>();
        var repositories = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (image, names) in images)
        {
            var configName = image.Config.Digest.Encoded + ".json";
            configs[configName] = image.Config.Bytes;
            var diffIds = image.DiffIds;
            if (diffIds.Count != image.Layers.Count)
            {
                throw new InvalidDataException($"image {image.ImageId} has {image.Layers.Count} layers but its config lists {diffIds.Count} DiffIDs; the store is inconsistent: run kiln system check");
            }

            var chain = ChainId.Compute(diffIds);
            var layerPaths = new List<string>();
            for (var i = 0; i < chain.Count; i++)
            {
                var id = chain[i].Encoded;
                layers.TryAdd(id, (image.Layers[i], diffIds[i], i == 0 ? null : chain[i - 1].Encoded));
                layerPaths.Add(id + "/layer.tar");
            }

            var tags = new List<string>();
            foreach (var name in names.Where(n => n.Digest is null))
            {
                tags.Add(name.FamiliarString);
                if (chain.Count > 0)
                {
                    var repository = repositories.TryGetValue(name.FamiliarName, out var existing) ? existing : repositories[name.FamiliarName] = new(StringComparer.Ordinal);
                    repository[name.Tag ?? ImageReference.DefaultTag] = chain[^1].Encoded;
                }
            }

            manifest.Add((configName, tags, layerPaths));
        }

        using var tar = new PaxTarWriter(output, leaveOpen: true);

        // Hex names sort before "manifest.json" and "repositories", so this order is the sorted order.
        var hexEntries = configs.Keys.Select(k => (Name: k, IsLayer: false)).Concat(layers.Keys.Select(k => (Name: k, IsLayer: true)))
            .OrderBy(e => e.Name, StringComparer.Ordinal);
        foreach (var (name, isLayer) in hexEntries)
        {
            if (!isLayer)
            {
                ArchiveTar.WriteFile(tar, name, configs[name]);
                continue;
            }

            var (blob, diffId, parent) = layers[name];
            ArchiveTar.WriteDirectory(tar, name);
            ArchiveTar.WriteFile(tar, name + "/VERSION", "1.0"u8.ToArray());
            ArchiveTar.WriteFile(tar, name + "/json", LegacyLayerJson(name, parent));
            await WriteLayerAsync(tar, name + "/layer.tar", blob, diffId, cancellationToken).ConfigureAwait(false);
        }

        ArchiveTar.WriteFile(tar, "manifest.json", ManifestJson(manifest));
        ArchiveTar.WriteFile(tar, "repositories", RepositoriesJson(repositories));
        tar.Finish();
    }

    /// <summary>Writes a layer's uncompressed tar; compressed blobs are decompressed twice (once to learn the size for the header).</summary>
    private async Task WriteLayerAsync(PaxTarWriter tar, string name, Descriptor blob, Digest diffId, CancellationToken cancellationToken)
    {
        var options = new LayerReadOptions { ExpectedBlob = blob, ExpectedDiffId = diffId, LeaveOpen = true };
        long size;
        await using (var stored = await store.Blobs.OpenReadAsync(blob, cancellationToken).ConfigureAwait(false))
        {
            await using var layer = LayerReader.Open(stored, options);
            if (layer.Compression == Kiln.Oci.Compression.None)
            {
                ArchiveTar.WriteFile(tar, name, blob.Size, layer);
                layer.Complete();
                await ArchiveTar.DrainAsync(stored, cancellationToken).ConfigureAwait(false);
                return;
            }

            layer.Complete();
            size = layer.UncompressedBytes;
        }

        await using var again = await store.Blobs.OpenReadAsync(blob, cancellationToken).ConfigureAwait(false);
        await using var tarStream = LayerReader.Open(again, options);
        ArchiveTar.WriteFile(tar, name, size, tarStream);
        tarStream.Complete();
    }

    private static byte[] LegacyLayerJson(string id, string? parent)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", id);
            if (parent is not null)
            {
                json.WriteString("parent", parent);
            }

            json.WriteString("created", "1970-01-01T00:00:00Z");
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static byte[] ManifestJson(List<(string Config, IReadOnlyList<string> Tags, IReadOnlyList<string> Layers)> items)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var (config, tags, layers) in items)
            {
                json.WriteStartObject();
                json.WriteString("Config", config);
                json.WritePropertyName("RepoTags");
                if (tags.Count == 0)
                {
                    json.WriteNullValue();
                }
                else
                {
                    WriteStrings(json, tags);
                }

                json.WritePropertyName("Layers");
                WriteStrings(json, layers);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return buffer.ToArray();
    }

    private static byte[] RepositoriesJson(SortedDictionary<string, SortedDictionary<string, string>> repositories)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (repository, tags) in repositories)
            {
                json.WriteStartObject(repository);
                foreach (var (tag, id) in tags)
                {
                    json.WriteString(tag, id);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteStrings(Utf8JsonWriter json, IEnumerable<string> values)
    {
        json.WriteStartArray();
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
