using System.Text.Json;
using Kiln.Archives.Compression;
using Kiln.Archives.Layers;
using Kiln.Oci;
using Kiln.Oci.Images;
using Kiln.Storage;
using Kiln.Transports.Errors;

namespace Kiln.Transports.Archives;

/// <summary>
/// Loads <c>docker save</c> archives into the store (<c>kiln load</c>): <c>manifest.json</c> lists, per image, the config
/// file, the layer files bottom to top and the <c>RepoTags</c>. Reads Docker 20.10's layout (<c>&lt;id&gt;/layer.tar</c>,
/// shared layers as symlinks), Docker 25+'s (members under <c>blobs/sha256/</c> beside an OCI <c>index.json</c>) and
/// Kiln's own. Every layer's DiffID (digest of the uncompressed tar) must equal the config's <c>rootfs.diff_ids</c> entry
/// or the image is rejected before it is referenced. Layers are stored as they are in the archive (uncompressed tar,
/// so the blob digest is the DiffID), with OCI media types; the config bytes are kept exactly (same image ID as Docker).
/// </summary>
public sealed class DockerArchiveReader(LocalStore store)
{
    /// <summary>The file that makes a tar a docker-archive.</summary>
    public const string ManifestFile = "manifest.json";

    /// <summary>Reads <paramref name="archive"/> (one pass, standard input works) and stores and tags its images.</summary>
    /// <exception cref="ArchiveFormatException">Not a docker-archive, truncated, or malformed.</exception>
    /// <exception cref="ArchiveIntegrityException">A layer's DiffID or a blob's digest is wrong, or a member is missing.</exception>
    public async Task<IReadOnlyList<LoadedImage>> LoadAsync(Stream archive, string archiveName, CancellationToken cancellationToken = default)
    {
        var members = await ArchiveIngester.ReadAsync(archive, archiveName, store, cancellationToken).ConfigureAwait(false);
        return await ImportAsync(members, cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<IReadOnlyList<LoadedImage>> ImportAsync(ArchiveMembers members, CancellationToken cancellationToken)
    {
        var manifestMember = members.Find(ManifestFile)
            ?? throw new ArchiveFormatException(members.ArchiveName, "no manifest.json: not a docker-archive (docker save output)");
        var items = ParseManifest(members.ArchiveName, await members.ReadAllBytesAsync(manifestMember, cancellationToken).ConfigureAwait(false));
        var loaded = new List<LoadedImage>();
        foreach (var item in items)
        {
            loaded.Add(await ImportImageAsync(members, item, cancellationToken).ConfigureAwait(false));
        }

        return loaded;
    }

    private static async Task<LoadedImage> ImportImageAsync(ArchiveMembers members, DockerManifestItem item, CancellationToken cancellationToken)
    {
        var archiveName = members.ArchiveName;
        var store = members.Store;
        var configMember = members.Require(item.Config, ManifestFile);
        var configBytes = await members.ReadAllBytesAsync(configMember, cancellationToken).ConfigureAwait(false);
        ImageConfig config;
        try
        {
            config = RawDocument.ParseConfig(configBytes, MediaTypes.DockerConfig).Value;
        }
        catch (InvalidDocumentException e)
        {
            throw new ArchiveIntegrityException(archiveName, item.Config, "not a valid image config: " + e.Message, e);
        }

        var diffIds = config.RootFs.DiffIds;
        if (diffIds.Count != item.Layers.Count)
        {
            throw new ArchiveIntegrityException(archiveName, ManifestFile, $"lists {item.Layers.Count} layers for {item.Config}, whose rootfs has {diffIds.Count} DiffIDs");
        }

        var layers = new List<Descriptor>();
        for (var i = 0; i < diffIds.Count; i++)
        {
            var member = members.Require(item.Layers[i], ManifestFile);
            var mediaType = member.Compression switch
            {
                CompressionFormat.None => MediaTypes.OciLayer,
                CompressionFormat.Gzip => MediaTypes.OciLayerGzip,
                CompressionFormat.Zstd => MediaTypes.OciLayerZstd,
                _ => throw new ArchiveIntegrityException(archiveName, member.Name, $"layer is {member.Compression}-compressed; layers must be tar, gzip or zstd"),
            };
            var descriptor = await members.EnsureStoredAsync(member, mediaType, cancellationToken).ConfigureAwait(false);
            var diffId = member.Compression == CompressionFormat.None
                ? descriptor.Digest
                : await ComputeDiffIdAsync(store, descriptor, cancellationToken).ConfigureAwait(false);
            if (diffId != diffIds[i])
            {
                throw new ArchiveIntegrityException(archiveName, member.Name, $"layer {i} has DiffID {diffId}, but the image config {item.Config} declares {diffIds[i]}; the image was not loaded");
            }

            layers.Add(descriptor);
        }

        var manifest = await store.PutImageAsync(configBytes, layers, docker: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        var references = new List<ImageReference>();
        foreach (var tag in item.RepoTags)
        {
            if (!ImageReference.TryParse(tag, out var reference))
            {
                throw new ArchiveIntegrityException(archiveName, ManifestFile, $"RepoTags entry \"{tag}\" is not a valid image reference");
            }

            reference = reference.Digest is null ? reference.WithoutDigest() : reference;
            await store.TagAsync(reference, manifest.ToDescriptor(), cancellationToken).ConfigureAwait(false);
            references.Add(reference);
        }

        return new LoadedImage(manifest.ToDescriptor(), manifest.Value.Config.Digest, references);
    }

    private static async Task<Digest> ComputeDiffIdAsync(LocalStore store, Descriptor layer, CancellationToken cancellationToken)
    {
        await using var blob = await store.Blobs.OpenReadAsync(layer, cancellationToken).ConfigureAwait(false);
        await using var tar = LayerReader.Open(blob, new LayerReadOptions { ExpectedBlob = layer, LeaveOpen = true });
        return tar.Complete();
    }

    private static List<DockerManifestItem> ParseManifest(string archiveName, byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new ArchiveFormatException(archiveName, "manifest.json is not a JSON array of images");
            }

            var items = new List<DockerManifestItem>();
            foreach (var element in document.RootElement.EnumerateArray())
            {
                var config = element.TryGetProperty("Config", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : null;
                if (config is null || !element.TryGetProperty("Layers", out var layers) || layers.ValueKind != JsonValueKind.Array)
                {
                    throw new ArchiveFormatException(archiveName, "a manifest.json entry lacks \"Config\" or \"Layers\"");
                }

                var tags = element.TryGetProperty("RepoTags", out var t) && t.ValueKind == JsonValueKind.Array
                    ? t.EnumerateArray().Select(x => x.GetString() ?? string.Empty).ToList()
                    : [];
                items.Add(new DockerManifestItem(config, layers.EnumerateArray().Select(l => l.GetString() ?? string.Empty).ToList(), tags));
            }

            return items;
        }
        catch (JsonException e)
        {
            throw new ArchiveFormatException(archiveName, "manifest.json is not valid JSON: " + e.Message, e);
        }
    }
}
