using Kiln.Oci;
using Kiln.Oci.Images;
using Kiln.Oci.Json;
using Kiln.Storage.Errors;
using Kiln.Storage.Images;
using Kiln.Storage.Snapshots;

namespace Kiln.Storage;

/// <summary>Images and references: writing manifests, tagging, resolving Docker-style names and IDs, listing.</summary>
public sealed partial class LocalStore
{
    /// <summary>
    /// Stores an image: the raw <paramref name="config"/> bytes, then a manifest over it and <paramref name="layers"/>
    /// (which must already be in the store). OCI media types unless <paramref name="docker"/> is set. Nothing is tagged.
    /// </summary>
    /// <exception cref="BlobNotFoundException">A layer is not in the store.</exception>
    public async Task<RawDocument<ImageManifest>> PutImageAsync(
        ReadOnlyMemory<byte> config,
        IReadOnlyList<Descriptor> layers,
        bool docker = false,
        IReadOnlyDictionary<string, string>? annotations = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var configDescriptor = await Blobs.WriteAsync(config, docker ? MediaTypes.DockerConfig : MediaTypes.OciImageConfig, cancellationToken).ConfigureAwait(false);
        var manifest = RawDocument.Create(new ImageManifest(docker ? MediaTypes.DockerManifest : MediaTypes.OciImageManifest, configDescriptor, layers)
        {
            Annotations = annotations,
        });
        await PutManifestAsync(manifest.Bytes, manifest.MediaType, cancellationToken).ConfigureAwait(false);
        return manifest;
    }

    /// <summary>
    /// Stores a manifest or index given as raw bytes after checking that what it references is present (an index may
    /// omit platforms that were not pulled). Returns its descriptor.
    /// </summary>
    /// <exception cref="BlobNotFoundException">The config, a layer, or every child manifest is missing.</exception>
    public async Task<Descriptor> PutManifestAsync(ReadOnlyMemory<byte> bytes, string? mediaType = null, CancellationToken cancellationToken = default)
    {
        var type = string.IsNullOrEmpty(mediaType) ? OciJson.DetectMediaType(bytes.Span) ?? MediaTypes.OciImageManifest : mediaType;
        var descriptor = new Descriptor(MediaTypes.BaseType(type), Digest.Compute(bytes.Span), bytes.Length);
        await RequireClosureAsync(descriptor, bytes, cancellationToken).ConfigureAwait(false);
        return await Blobs.WriteAsync(bytes, descriptor.MediaType, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Points <paramref name="reference"/> at <paramref name="target"/> (a manifest or index already in the store with
    /// its config and layers), replacing what the reference pointed at before. The <c>index.json</c> entry carries the
    /// full normalised name in <see cref="StoreAnnotations.RefName"/> and <see cref="StoreAnnotations.ContainerdImageName"/>.
    /// </summary>
    /// <exception cref="BlobNotFoundException">The target or something it needs is missing.</exception>
    public async Task TagAsync(ImageReference reference, Descriptor target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(target);
        if (reference.Digest is { } pinned && pinned != target.Digest)
        {
            throw new InvalidImageException(reference.ToString(), $"the reference is pinned to {pinned} but the target is {target.Digest}");
        }

        var name = reference.ToString();
        var entry = new Descriptor(target.MediaType, target.Digest, target.Size)
        {
            Platform = target.Platform,
            Annotations = new Dictionary<string, string>
            {
                [StoreAnnotations.RefName] = name,
                [StoreAnnotations.ContainerdImageName] = name,
            },
        };

        using var writeLock = await LockAsync(cancellationToken).ConfigureAwait(false);

        // Checked under the lock so a concurrent prune cannot remove the blobs between the check and the write.
        var bytes = await Blobs.ReadAllBytesAsync(target.Digest, target.Size, cancellationToken).ConfigureAwait(false);
        await RequireClosureAsync(target, bytes, cancellationToken).ConfigureAwait(false);
        var entries = ReadIndex().Where(e => RefName(e) != name).Append(entry).ToList();
        WriteIndex(entries);
    }

    /// <summary>Removes a reference; false when it did not exist. The blobs stay until <see cref="PruneAsync"/>.</summary>
    public async Task<bool> UntagAsync(ImageReference reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var name = reference.ToString();
        using var writeLock = await LockAsync(cancellationToken).ConfigureAwait(false);
        var entries = ReadIndex();
        var kept = entries.Where(e => RefName(e) != name).ToList();
        if (kept.Count == entries.Count)
        {
            return false;
        }

        WriteIndex(kept);
        return true;
    }

    /// <summary>
    /// Finds an image as Docker does: a reference (<c>app</c>, <c>app:1.0</c>, <c>host/app@sha256:…</c>), a full digest
    /// (manifest digest or image ID = config digest), or an image-ID prefix with or without <c>sha256:</c>.
    /// </summary>
    /// <exception cref="ImageNotFoundException">Nothing matches.</exception>
    /// <exception cref="AmbiguousImageIdException">A prefix matches several images.</exception>
    public async Task<ResolvedImage> ResolveAsync(string nameOrId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrId);
        var entries = ReadIndex();
        if (Digest.TryParse(nameOrId, out var full))
        {
            return await ResolveDigestAsync(entries, full, cancellationToken).ConfigureAwait(false)
                ?? throw new ImageNotFoundException(nameOrId);
        }

        if (ImageReference.TryParse(nameOrId, out var reference))
        {
            if (reference.Digest is { } pinned)
            {
                return await ResolveDigestAsync(entries, pinned, cancellationToken).ConfigureAwait(false)
                    ?? throw new ImageNotFoundException(nameOrId);
            }

            var name = reference.ToString();
            var match = entries.FirstOrDefault(e => RefName(e) == name);
            if (match is not null)
            {
                return ToResolved(entries, match);
            }
        }

        var prefix = nameOrId.StartsWith(Digest.Sha256 + ":", StringComparison.Ordinal) ? nameOrId[(Digest.Sha256.Length + 1)..] : nameOrId;
        if (prefix.Length > 0 && prefix.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            return await ResolvePrefixAsync(entries, nameOrId, prefix, cancellationToken).ConfigureAwait(false);
        }

        throw new ImageNotFoundException(nameOrId);
    }

    /// <summary>
    /// Reads an image with its raw manifest and config. For an index the manifest for <paramref name="platform"/>
    /// (default: the host) is chosen.
    /// </summary>
    public async Task<StoredImage> GetImageAsync(string nameOrId, Platform? platform = null, CancellationToken cancellationToken = default)
    {
        var resolved = await ResolveAsync(nameOrId, cancellationToken).ConfigureAwait(false);
        return await GetImageAsync(resolved, platform, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the image a resolved reference points at (choosing <paramref name="platform"/> from an index).</summary>
    public async Task<StoredImage> GetImageAsync(ResolvedImage resolved, Platform? platform = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        RawDocument<ImageIndex>? index = null;
        var target = resolved.Target;
        if (resolved.IsIndex)
        {
            index = RawDocument.ParseIndex(await Blobs.ReadAllBytesAsync(target.Digest, target.Size, cancellationToken).ConfigureAwait(false), target.MediaType);
            target = SelectPlatform(index.Value, platform ?? Platform.Host())
                ?? throw new InvalidImageException(
                    resolved.References.FirstOrDefault()?.ToString() ?? target.Digest.ToString(),
                    $"no manifest for platform {platform ?? Platform.Host()} in the index is present in the store");
        }

        var manifest = RawDocument.ParseManifest(await Blobs.ReadAllBytesAsync(target.Digest, target.Size, cancellationToken).ConfigureAwait(false), target.MediaType);
        var configDescriptor = manifest.Value.Config;
        var config = RawDocument.ParseConfig(
            await Blobs.ReadAllBytesAsync(configDescriptor.Digest, configDescriptor.Size, cancellationToken).ConfigureAwait(false),
            configDescriptor.MediaType);
        return new StoredImage(manifest, config, resolved.References, index);
    }

    /// <summary>Every reference in the store with what it points at (<c>kiln images</c>), sorted by name.</summary>
    public async Task<IReadOnlyList<ImageSummary>> ListImagesAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<ImageSummary>();
        foreach (var entry in ReadIndex())
        {
            if (ParseRefName(entry) is not { } reference)
            {
                continue;
            }

            var target = new Descriptor(entry.MediaType, entry.Digest, entry.Size) { Platform = entry.Platform };
            var manifests = await LoadManifestsAsync(target, cancellationToken).ConfigureAwait(false);
            var blobs = new Dictionary<Digest, long> { [target.Digest] = target.Size };
            foreach (var (descriptor, manifest) in manifests)
            {
                blobs[descriptor.Digest] = descriptor.Size;
                blobs[manifest.Config.Digest] = manifest.Config.Size;
                foreach (var layer in manifest.Layers)
                {
                    blobs[layer.Digest] = layer.Size;
                }
            }

            var chosen = manifests.Count == 1 ? manifests[0] : manifests.FirstOrDefault(m => m.Descriptor.Platform is { } p && p.Matches(Platform.Host()));
            DateTimeOffset? created = null;
            if (chosen.Manifest is { } chosenManifest && Blobs.GetSize(chosenManifest.Config.Digest) is not null)
            {
                var configBytes = await Blobs.ReadAllBytesAsync(chosenManifest.Config.Digest, chosenManifest.Config.Size, cancellationToken).ConfigureAwait(false);
                created = RawDocument.ParseConfig(configBytes, chosenManifest.Config.MediaType).Value.Created;
            }

            result.Add(new ImageSummary(reference, target, chosen.Manifest?.Config.Digest, blobs.Values.Sum(), created));
        }

        return result.OrderBy(s => s.Reference.ToString(), StringComparer.Ordinal).ToList();
    }

    /// <summary>Unpacks (once) every layer of <paramref name="image"/> and returns the snapshot chain (see <see cref="SnapshotStore.PrepareAsync"/>).</summary>
    public Task<SnapshotChain> PrepareSnapshotsAsync(StoredImage image, CancellationToken cancellationToken = default) =>
        Snapshots.PrepareAsync(image, cancellationToken);

    private static Descriptor? SelectPlatform(ImageIndex index, Platform platform)
    {
        var candidates = index.Manifests.Where(m => MediaTypes.IsManifest(m.MediaType)).ToList();
        return candidates.FirstOrDefault(m => m.Platform is { } p && p.Matches(platform))
            ?? candidates.FirstOrDefault(m => m.Platform is { } p && platform.CanRun(p))
            ?? (candidates.Count == 1 && candidates[0].Platform is null ? candidates[0] : null);
    }

    private ResolvedImage ToResolved(IReadOnlyList<Descriptor> entries, Descriptor target)
    {
        var references = entries.Where(e => e.Digest == target.Digest).Select(ParseRefName).OfType<ImageReference>().ToList();
        return new ResolvedImage(new Descriptor(target.MediaType, target.Digest, target.Size) { Platform = target.Platform }, references);
    }

    private async Task<ResolvedImage?> ResolveDigestAsync(IReadOnlyList<Descriptor> entries, Digest digest, CancellationToken cancellationToken)
    {
        if (entries.FirstOrDefault(e => e.Digest == digest) is { } entry)
        {
            return ToResolved(entries, entry);
        }

        foreach (var candidate in entries.DistinctBy(e => e.Digest))
        {
            foreach (var (descriptor, manifest) in await LoadManifestsAsync(candidate, cancellationToken).ConfigureAwait(false))
            {
                if (descriptor.Digest == digest || manifest.Config.Digest == digest)
                {
                    return descriptor.Digest == candidate.Digest ? ToResolved(entries, candidate) : new ResolvedImage(descriptor, []);
                }
            }
        }

        // An untagged manifest still in the store (e.g. pulled by digest).
        if (Blobs.GetSize(digest) is { } size and < 4 << 20)
        {
            var bytes = await Blobs.ReadAllBytesAsync(digest, size, cancellationToken).ConfigureAwait(false);
            var type = OciJson.DetectMediaType(bytes);
            if (MediaTypes.IsManifest(type) || MediaTypes.IsIndex(type))
            {
                return new ResolvedImage(new Descriptor(type!, digest, size), []);
            }
        }

        return null;
    }

    private async Task<ResolvedImage> ResolvePrefixAsync(IReadOnlyList<Descriptor> entries, string input, string prefix, CancellationToken cancellationToken)
    {
        var byImageId = new Dictionary<Digest, ResolvedImage>();
        var byManifest = new Dictionary<Digest, ResolvedImage>();
        foreach (var candidate in entries.DistinctBy(e => e.Digest))
        {
            if (candidate.Digest.Encoded.StartsWith(prefix, StringComparison.Ordinal))
            {
                byManifest[candidate.Digest] = ToResolved(entries, candidate);
            }

            var manifests = await LoadManifestsAsync(candidate, cancellationToken).ConfigureAwait(false);
            foreach (var (descriptor, manifest) in manifests)
            {
                if (manifest.Config.Digest.Encoded.StartsWith(prefix, StringComparison.Ordinal) && !byImageId.ContainsKey(manifest.Config.Digest))
                {
                    byImageId[manifest.Config.Digest] = descriptor.Digest == candidate.Digest ? ToResolved(entries, candidate) : new ResolvedImage(descriptor, []);
                }
            }
        }

        var matches = byImageId.Count > 0 ? byImageId : byManifest;
        return matches.Count switch
        {
            0 => throw new ImageNotFoundException(input),
            1 => matches.Values.First(),
            _ => throw new AmbiguousImageIdException(input, matches.Keys.Select(d => d.Short).Order(StringComparer.Ordinal).ToList()),
        };
    }

    /// <summary>The single-platform manifests a target stands for that are present: itself, or an index's present children.</summary>
    private async Task<List<(Descriptor Descriptor, ImageManifest Manifest)>> LoadManifestsAsync(Descriptor target, CancellationToken cancellationToken)
    {
        var result = new List<(Descriptor, ImageManifest)>();
        if (Blobs.GetSize(target.Digest) is null)
        {
            return result;
        }

        var bytes = await Blobs.ReadAllBytesAsync(target.Digest, target.Size, cancellationToken).ConfigureAwait(false);
        if (MediaTypes.IsIndex(target.MediaType))
        {
            foreach (var child in RawDocument.ParseIndex(bytes, target.MediaType).Value.Manifests)
            {
                if (MediaTypes.IsManifest(child.MediaType) && Blobs.GetSize(child.Digest) is not null)
                {
                    var childBytes = await Blobs.ReadAllBytesAsync(child.Digest, child.Size, cancellationToken).ConfigureAwait(false);
                    result.Add((child, RawDocument.ParseManifest(childBytes, child.MediaType).Value));
                }
            }
        }
        else
        {
            result.Add((target, RawDocument.ParseManifest(bytes, target.MediaType).Value));
        }

        return result;
    }

    /// <summary>Checks that everything <paramref name="target"/> (whose bytes are given) references is present.</summary>
    private async Task RequireClosureAsync(Descriptor target, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var what = $"{target.MediaType} {target.Digest}";
        if (MediaTypes.IsIndex(target.MediaType))
        {
            var index = RawDocument.ParseIndex(bytes, target.MediaType).Value;
            var present = 0;
            foreach (var child in index.Manifests)
            {
                if (Blobs.GetSize(child.Digest) is null)
                {
                    continue;
                }

                present++;
                if (MediaTypes.IsManifest(child.MediaType) || MediaTypes.IsIndex(child.MediaType))
                {
                    var childBytes = await Blobs.ReadAllBytesAsync(child.Digest, child.Size, cancellationToken).ConfigureAwait(false);
                    await RequireClosureAsync(child, childBytes, cancellationToken).ConfigureAwait(false);
                }
            }

            if (present == 0 && index.Manifests.Count > 0)
            {
                var first = index.Manifests[0].Digest;
                throw new BlobNotFoundException(first, Blobs.GetPath(first), what);
            }

            return;
        }

        if (!MediaTypes.IsManifest(target.MediaType))
        {
            throw new InvalidImageException(target.Digest.ToString(), $"media type \"{target.MediaType}\" is neither an image manifest nor an index");
        }

        var manifest = RawDocument.ParseManifest(bytes, target.MediaType).Value;
        foreach (var needed in manifest.Layers.Prepend(manifest.Config))
        {
            if (needed.Data is null && Blobs.GetSize(needed.Digest) is null)
            {
                throw new BlobNotFoundException(needed.Digest, Blobs.GetPath(needed.Digest), what);
            }
        }
    }
}
