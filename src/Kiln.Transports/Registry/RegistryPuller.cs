using Kiln.Distribution;
using Kiln.Distribution.Blobs;
using Kiln.Distribution.Errors;
using Kiln.Oci;
using Kiln.Storage;

namespace Kiln.Transports.Registry;

/// <summary>
/// Pulls an image from a registry into the local store: the manifest (chosen for a platform from an index, the index
/// kept too), its config and layers downloaded in parallel with bounded concurrency, blobs already present skipped, every
/// blob verified against its digest and size before it becomes visible (a corrupted download is retried once, then
/// fails; it is never stored), then the reference tagged locally.
/// </summary>
public sealed class RegistryPuller(RegistryClient client, LocalStore store)
{
    private const int BlobAttempts = 2;

    /// <summary>Pulls <paramref name="reference"/> (by tag or digest).</summary>
    /// <exception cref="RegistryException">The registry refused, the image or a platform is missing, or content did not verify.</exception>
    public async Task<PullResult> PullAsync(ImageReference reference, PullOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        options ??= new PullOptions();
        var repository = client.Repository(reference);
        var top = await repository.Manifests.GetAsync(reference.Digest?.ToString() ?? reference.Tag ?? ImageReference.DefaultTag, cancellationToken).ConfigureAwait(false);
        var manifest = top;
        if (top.IsIndex)
        {
            var platform = options.Platform ?? Platform.Host();
            var index = RawDocument.ParseIndex(top.Bytes, top.MediaType).Value;
            var chosen = PlatformSelector.Select(index, platform) ?? throw new RegistryException(
                $"{reference}: no image for platform {platform} in the index; it has {string.Join(", ", index.Manifests.Select(m => m.Platform?.ToString() ?? "unknown"))}. Choose one with --platform");
            manifest = await repository.Manifests.GetAsync(chosen.Digest.ToString(), cancellationToken).ConfigureAwait(false);
        }

        if (!MediaTypes.IsManifest(manifest.MediaType))
        {
            throw new RegistryException($"{reference}: {manifest.Digest} is a {manifest.MediaType}, not an image manifest");
        }

        var parsed = RawDocument.ParseManifest(manifest.Bytes, manifest.MediaType).Value;
        var (downloaded, skipped) = await CopyBlobsAsync(repository, parsed.Layers.Prepend(parsed.Config).Where(b => b.Data is null).DistinctBy(b => b.Digest).ToList(), options, cancellationToken).ConfigureAwait(false);

        var manifestDescriptor = await store.PutManifestAsync(manifest.Bytes, manifest.MediaType, cancellationToken).ConfigureAwait(false);
        Descriptor? indexDescriptor = null;
        if (top.IsIndex)
        {
            indexDescriptor = await store.PutManifestAsync(top.Bytes, top.MediaType, cancellationToken).ConfigureAwait(false);
        }

        var target = indexDescriptor ?? manifestDescriptor;
        if (options.Tag)
        {
            await store.TagAsync(reference, target, cancellationToken).ConfigureAwait(false);
        }

        return new PullResult(reference, target, manifestDescriptor, indexDescriptor, downloaded, skipped);
    }

    private async Task<(int Downloaded, int Skipped)> CopyBlobsAsync(RegistryRepository repository, IReadOnlyList<Descriptor> blobs, PullOptions options, CancellationToken cancellationToken)
    {
        var downloaded = 0;
        var skipped = 0;
        using var gate = new SemaphoreSlim(Math.Max(1, options.MaxConcurrency));
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = blobs.Select(async blob =>
        {
            await gate.WaitAsync(failed.Token).ConfigureAwait(false);
            try
            {
                if (store.Blobs.GetSize(blob.Digest) == blob.Size)
                {
                    Interlocked.Increment(ref skipped);
                    options.Progress?.Report(new BlobProgress(blob.Digest, blob.MediaType, blob.Size, blob.Size, BlobTransferState.Skipped));
                    return;
                }

                await DownloadAsync(repository, blob, options.Progress, failed.Token).ConfigureAwait(false);
                Interlocked.Increment(ref downloaded);
                options.Progress?.Report(new BlobProgress(blob.Digest, blob.MediaType, blob.Size, blob.Size, BlobTransferState.Done));
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
        
        // A failure cancels the others; WhenAll reports the failure, not those cancellations.
        await Task.WhenAll(tasks).ConfigureAwait(false);
        return (downloaded, skipped);
    }

    private async Task DownloadAsync(RegistryRepository repository, Descriptor blob, IProgress<BlobProgress>? progress, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var stream = await repository.Blobs.OpenReadAsync(blob, cancellationToken).ConfigureAwait(false);
                await using var reported = new ProgressStream(stream, progress is null ? null : new BlobByteProgress(blob, progress), blob.Size);

                // The store hashes again and only renames a verified temp file into place.
                await store.Blobs.WriteAsync(reported, blob, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (BlobVerificationException) when (attempt < BlobAttempts)
            {
                // A transfer corrupted on the way: fetch it once more before giving up.
            }
        }
    }
}
