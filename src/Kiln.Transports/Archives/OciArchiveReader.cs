using System.Text.Json;
using Kiln.Oci;
using Kiln.Oci.Images;
using Kiln.Oci.Json;
using Kiln.Storage;
using Kiln.Storage.Images;
using Kiln.Transports.Errors;

namespace Kiln.Transports.Archives;

/// <summary>
/// Loads a tar of an OCI image layout (image-layout.md; skopeo's <c>oci-archive:</c>, <c>kiln save --format oci</c>) into
/// the store. Every blob must hash to its <c>blobs/&lt;alg&gt;/&lt;hex&gt;</c> name (checked while streaming, so a bad blob
/// is never stored) and have the size its descriptor declares. Each <c>index.json</c> entry is named by
/// <c>io.containerd.image.name</c>, else by <c>org.opencontainers.image.ref.name</c> when that is a full reference
/// (a bare tag such as <c>latest</c> names no repository, so such an image loads untagged).
/// </summary>
public sealed class OciArchiveReader(LocalStore store)
{
    /// <summary>The file that makes a tar an OCI layout archive.</summary>
    public const string IndexFile = "index.json";

    /// <summary>The layout marker file.</summary>
    public const string LayoutFile = "oci-layout";

    /// <summary>Reads <paramref name="archive"/> (one pass) and stores and tags its images.</summary>
    /// <exception cref="ArchiveFormatException">Not an OCI archive, truncated, or malformed.</exception>
    /// <exception cref="ArchiveIntegrityException">A blob does not match its digest or size, or is missing.</exception>
    public async Task<IReadOnlyList<LoadedImage>> LoadAsync(Stream archive, string archiveName, CancellationToken cancellationToken = default)
    {
        var members = await ArchiveIngester.ReadAsync(archive, archiveName, store, cancellationToken).ConfigureAwait(false);
        return await ImportAsync(members, cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<IReadOnlyList<LoadedImage>> ImportAsync(ArchiveMembers members, CancellationToken cancellationToken)
    {
        var archiveName = members.ArchiveName;
        var indexMember = members.Find(IndexFile)
            ?? throw new ArchiveFormatException(archiveName, "no index.json: not an OCI image layout archive");
        if (members.Find(LayoutFile) is { } layout)
        {
            CheckLayoutFile(archiveName, await members.ReadAllBytesAsync(layout, cancellationToken).ConfigureAwait(false));
        }

        ImageIndex index;
        try
        {
            index = OciJson.DeserializeIndex(await members.ReadAllBytesAsync(indexMember, cancellationToken).ConfigureAwait(false));
        }
        catch (InvalidDocumentException e)
        {
            throw new ArchiveFormatException(archiveName, "index.json is not a valid image index: " + e.Message, e);
        }

        // First verify and store everything every entry needs, then tag: a bad image leaves no reference behind.
        var stored = new Dictionary<Digest, Digest>();
        foreach (var entry in index.Manifests)
        {
            stored[entry.Digest] = await ImportDescriptorAsync(members, entry, IndexFile, depth: 0, cancellationToken).ConfigureAwait(false);
        }

        var loaded = new List<LoadedImage>();
        foreach (var entry in index.Manifests)
        {
            var target = new Descriptor(entry.MediaType, entry.Digest, entry.Size) { Platform = entry.Platform };
            var references = new List<ImageReference>();
            if (NameOf(entry) is { } reference)
            {
                await members.Store.TagAsync(reference, target, cancellationToken).ConfigureAwait(false);
                references.Add(reference);
            }

            loaded.Add(new LoadedImage(target, stored[entry.Digest], references));
        }

        return loaded;
    }

    /// <summary>Stores a manifest or index with everything it references; returns the image ID (config digest, or the index digest).</summary>
    private static async Task<Digest> ImportDescriptorAsync(ArchiveMembers members, Descriptor descriptor, string neededBy, int depth, CancellationToken cancellationToken)
    {
        var archiveName = members.ArchiveName;
        if (depth > 4)
        {
            throw new ArchiveFormatException(archiveName, "image indexes are nested too deeply");
        }

        var member = members.RequireBlob(descriptor, neededBy);
        var bytes = await members.ReadAllBytesAsync(member, cancellationToken).ConfigureAwait(false);
        var what = $"{(MediaTypes.IsIndex(descriptor.MediaType) ? "index" : "manifest")} {descriptor.Digest}";
        try
        {
            if (MediaTypes.IsIndex(descriptor.MediaType))
            {
                var children = RawDocument.ParseIndex(bytes, descriptor.MediaType).Value.Manifests;
                var any = false;
                foreach (var child in children.Where(c => MediaTypes.IsManifest(c.MediaType) || MediaTypes.IsIndex(c.MediaType)))
                {
                    // An archive of one platform of a multi-platform image lacks the others; so does the store.
                    if (members.Contains($"blobs/{child.Digest.Algorithm}/{child.Digest.Encoded}"))
                    {
                        await ImportDescriptorAsync(members, child, what, depth + 1, cancellationToken).ConfigureAwait(false);
                        any = true;
                    }
                }

                if (!any && children.Count > 0)
                {
                    throw new ArchiveIntegrityException(archiveName, member.Name, "none of the index's manifests is in the archive");
                }

                await members.Store.PutManifestAsync(bytes, descriptor.MediaType, cancellationToken).ConfigureAwait(false);
                return descriptor.Digest;
            }

            if (!MediaTypes.IsManifest(descriptor.MediaType))
            {
                throw new ArchiveFormatException(archiveName, $"{neededBy} points at {descriptor.Digest} of media type \"{descriptor.MediaType}\", which is neither an image manifest nor an index");
            }

            var manifest = RawDocument.ParseManifest(bytes, descriptor.MediaType).Value;
            var configMember = members.RequireBlob(manifest.Config, what);
            var configBytes = await members.ReadAllBytesAsync(configMember, cancellationToken).ConfigureAwait(false);
            var config = RawDocument.ParseConfig(configBytes, manifest.Config.MediaType).Value;
            if (config.RootFs.DiffIds.Count != manifest.Layers.Count)
            {
                throw new ArchiveIntegrityException(archiveName, member.Name, $"has {manifest.Layers.Count} layers but its config lists {config.RootFs.DiffIds.Count} DiffIDs");
            }

            foreach (var layer in manifest.Layers)
            {
                await members.EnsureStoredAsync(members.RequireBlob(layer, what), layer.MediaType, cancellationToken).ConfigureAwait(false);
            }

            await members.EnsureStoredAsync(configMember, manifest.Config.MediaType, cancellationToken).ConfigureAwait(false);
            await members.Store.PutManifestAsync(bytes, descriptor.MediaType, cancellationToken).ConfigureAwait(false);
            return manifest.Config.Digest;
        }
        catch (InvalidDocumentException e)
        {
            throw new ArchiveIntegrityException(archiveName, member.Name, $"{what} is not a valid document: {e.Message}", e);
        }
    }

    private static ImageReference? NameOf(Descriptor entry)
    {
        if (entry.Annotations is not { } annotations)
        {
            return null;
        }

        if (annotations.TryGetValue(StoreAnnotations.ContainerdImageName, out var full) && ImageReference.TryParse(full, out var containerd))
        {
            return containerd;
        }

        return annotations.TryGetValue(StoreAnnotations.RefName, out var name)
            && (name.Contains('/', StringComparison.Ordinal) || name.Contains(':', StringComparison.Ordinal))
            && ImageReference.TryParse(name, out var reference)
                ? reference
                : null;
    }

    private static void CheckLayoutFile(string archiveName, byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("imageLayoutVersion", out var version)
                && version.ValueKind == JsonValueKind.String)
            {
                return;
            }
        }
        catch (JsonException)
        {
        }

        throw new ArchiveFormatException(archiveName, "oci-layout is not {\"imageLayoutVersion\": \"1.0.0\"}: not an OCI image layout");
    }
}
