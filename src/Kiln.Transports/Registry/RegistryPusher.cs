using Kiln.Distribution;
using Kiln.Distribution.Blobs;
using Kiln.Distribution.Errors;
using Kiln.Oci;
using Kiln.Storage;
using Kiln.Storage.Errors;

namespace Kiln.Transports.Registry;

/// <summary>
/// Pushes an image (or an index with all its manifests) from the local store to a registry: for each manifest its layers
/// in parallel (existence check, cross-repository mount when a source repository on the same registry is known, else
/// upload), then its config, then the manifest (by digest for an index's children); finally the top manifest or index
/// by the destination's tag.
/// </summary>
public sealed class RegistryPusher(RegistryClient client, LocalStore store)
{
    /// <summary>Pushes the local image <paramref name="source"/> (name, ID or digest) to <paramref name="destination"/>.</summary>
    /// <exception cref="RegistryException">The registry refused something.</exception>
    /// <exception cref="StoreException">The image or one of its blobs is missing locally.</exception>
    public async Task<PushResult> PushAsync(string source, ImageReference destination, PushOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentNullException.ThrowIfNull(destination);
        options ??= new PushOptions();
        var resolved = await store.ResolveAsync(source, cancellationToken).ConfigureAwait(false);
        var repository = client.Repository(destination);
        var mountFrom = options.MountFrom
            ?? resolved.References.Where(r => r.Registry == destination.Registry && r.Repository != destination.Repository).Select(r => r.Repository).Distinct().ToList();
        var counters = new PushCounters();
        var target = resolved.Target;
        var tag = destination.Digest?.ToString() ?? destination.Tag ?? ImageReference.DefaultTag;
        var bytes = await store.Blobs.ReadAllBytesAsync(target.Digest, target.Size, cancellationToken).ConfigureAwait(false);
        var pushed = new List<Descriptor>();
        if (MediaTypes.IsIndex(target.MediaType))
        {
            var index = RawDocument.ParseIndex(bytes, target.MediaType).Value;
            foreach (var child in index.Manifests)
            {
                if (store.Blobs.GetSize(child.Digest) is null)
                {
                    throw new InvalidImageException(source, $"the index lists {child.Digest} ({child.Platform?.ToString() ?? "unknown platform"}) but it is not in the local store (pulled for one platform only?); a registry rejects an index with missing manifests");
                }

                var childBytes = await store.Blobs.ReadAllBytesAsync(child.Digest, child.Size, cancellationToken).ConfigureAwait(false);
                if (MediaTypes.IsManifest(child.MediaType))
                {
                    await PushManifestAsync(repository, childBytes, child.MediaType, child.Digest.ToString(), mountFrom, options, counters, cancellationToken).ConfigureAwait(false);
                    pushed.Add(child);
                }
                else
                {
                    // Nested indexes and artifacts: push the document itself; what it references must already be there.
                    await repository.Manifests.PutAsync(child.Digest.ToString(), childBytes, child.MediaType, cancellationToken).ConfigureAwait(false);
                }
            }

            var indexDescriptor = await repository.Manifests.PutAsync(tag, bytes, MediaTypes.BaseType(target.MediaType), cancellationToken).ConfigureAwait(false);
            return new PushResult(destination, indexDescriptor, pushed, counters.Uploaded, counters.Mounted, counters.Existing);
        }

        var mediaType = target.MediaType;
        if (options.Compression is { } compression)
        {
            var image = await store.GetImageAsync(resolved, cancellationToken: cancellationToken).ConfigureAwait(false);
            var compressed = await new Conversion.ImageCompressor(store).CompressAsync(image, compression, force: false, cancellationToken).ConfigureAwait(false);
            bytes = compressed.Manifest.Bytes.ToArray();
            mediaType = compressed.Manifest.MediaType;
        }

        var manifest = await PushManifestAsync(repository, bytes, mediaType, tag, mountFrom, options, counters, cancellationToken).ConfigureAwait(false);
        pushed.Add(manifest);
        return new PushResult(destination, manifest, pushed, counters.Uploaded, counters.Mounted, counters.Existing);
    }

    private async Task<Descriptor> PushManifestAsync(
        RegistryRepository repository, ReadOnlyMemory<byte> bytes, string mediaType, string reference, IReadOnlyList<string> mountFrom,
        PushOptions options, PushCounters counters, CancellationToken cancellationToken)
    {
        var manifest = RawDocument.ParseManifest(bytes, mediaType).Value;
        var layers = manifest.Layers.Where(l => l.Data is null && !MediaTypes.IsNonDistributable(l.MediaType)).DistinctBy(l => l.Digest).ToList();
        using (var gate = new SemaphoreSlim(Math.Max(1, options.MaxConcurrency)))
        using (var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var tasks = layers.Select(async layer =>
            {
                await gate.WaitAsync(failed.Token).ConfigureAwait(false);
                try
                {
                    await PushBlobAsync(repository, layer, mountFrom, options, counters, failed.Token).ConfigureAwait(false);
                }
                catch
                {
                    await failed.CancelAsync().ConfigureAwait(false);
                    throw;
                }
                finally
                {
                    gate.Release();
                }
            }).ToList();
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }

        if (manifest.Config.Data is null)
        {
            await PushBlobAsync(repository, manifest.Config, mountFrom, options, counters, cancellationToken).ConfigureAwait(false);
        }

        return await repository.Manifests.PutAsync(reference, bytes, MediaTypes.BaseType(mediaType), cancellationToken).ConfigureAwait(false);
    }

    private async Task PushBlobAsync(RegistryRepository repository, Descriptor blob, IReadOnlyList<string> mountFrom, PushOptions options, PushCounters counters, CancellationToken cancellationToken)
    {
        if (store.Blobs.GetSize(blob.Digest) is null)
        {
            throw new BlobNotFoundException(blob.Digest, store.Blobs.GetPath(blob.Digest), "pushing " + repository);
        }

        var progress = options.Progress is { } sink
            ? new Progress<long>(done => sink.Report(new BlobProgress(blob.Digest, blob.MediaType, done, blob.Size, BlobTransferState.Transferring)))
            : null;
        var result = await repository.Blobs.UploadAsync(blob, (offset, ct) => OpenAtAsync(blob, offset, ct), mountFrom.FirstOrDefault(), progress, cancellationToken).ConfigureAwait(false);
        var state = result switch
        {
            BlobUploadResult.Exists => BlobTransferState.Skipped,
            BlobUploadResult.Mounted => BlobTransferState.Mounted,
            _ => BlobTransferState.Done,
        };
        counters.Count(result);
        options.Progress?.Report(new BlobProgress(blob.Digest, blob.MediaType, blob.Size, blob.Size, state));
    }

    /// <summary>The local blob from <paramref name="offset"/>; read through the store's verifying stream.</summary>
    private async Task<Stream> OpenAtAsync(Descriptor blob, long offset, CancellationToken cancellationToken)
    {
        var stream = await store.Blobs.OpenReadAsync(blob.Digest, blob.Size, cancellationToken).ConfigureAwait(false);
        if (offset > 0)
        {
            if (stream.CanSeek)
            {
                stream.Seek(offset, SeekOrigin.Begin);
            }
            else
            {
                var buffer = new byte[81920];
                var remaining = offset;
                while (remaining > 0)
                {
                    var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    remaining -= read;
                }
            }
        }

        return stream;
    }
}
