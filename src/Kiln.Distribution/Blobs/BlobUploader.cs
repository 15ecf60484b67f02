using System.Net;
using System.Net.Http.Headers;
using Kiln.Distribution.Errors;
using Kiln.Distribution.Http;
using Kiln.Oci;

namespace Kiln.Distribution.Blobs;

/// <summary>
/// Blob uploads (distribution spec "Pushing blobs"): existence check, cross-repository mount (<c>POST ?mount=&amp;from=</c>;
/// 202 means the registry opened an upload instead), monolithic (<c>POST</c>, then <c>PUT ?digest=</c> with the body) for
/// small blobs, chunked (<c>PATCH</c> with <c>Content-Range</c>, then <c>PUT ?digest=</c>) for large ones. A chunked upload
/// broken by the network or a 5xx resumes where the registry says it is (<c>GET</c> the upload URL → <c>Range</c>); a
/// monolithic one restarts in a new session, and so does a chunked one whose session the registry no longer accepts
/// (docker-registry 2.8 rejects a status query whose <c>_state</c> is older than a PATCH it processed but whose answer was lost). Uploads retry here, at the operation level, never in the handler chain.
/// </summary>
internal sealed class BlobUploader(RegistryConnection connection, string name, BlobUploadOptions options, RegistryBlobStore blobs)
{
    private const string OctetStream = "application/octet-stream";

    public async Task<BlobUploadResult> UploadAsync(Descriptor descriptor, BlobSource source, string? mountFrom, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(source);
        if (await blobs.ExistsAsync(descriptor.Digest, cancellationToken).ConfigureAwait(false))
        {
            progress?.Report(descriptor.Size);
            return BlobUploadResult.Exists;
        }

        Uri? location = null;
        if (mountFrom is { Length: > 0 } from && from != name)
        {
            (var mounted, location) = await MountAsync(descriptor.Digest, from, cancellationToken).ConfigureAwait(false);
            if (mounted)
            {
                progress?.Report(descriptor.Size);
                return BlobUploadResult.Mounted;
            }
        }

        Exception? last = null;
        for (var attempt = 1; attempt <= options.MaxAttempts; attempt++)
        {
            try
            {
                location ??= await StartAsync(cancellationToken).ConfigureAwait(false);
                if (descriptor.Size <= options.MonolithicLimit)
                {
                    await PutMonolithicAsync(location, descriptor, source, progress, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await PutChunkedAsync(location, descriptor, source, progress, cancellationToken).ConfigureAwait(false);
                }

                return BlobUploadResult.Uploaded;
            }
            catch (Exception e) when (IsRetryable(e) && !cancellationToken.IsCancellationRequested)
            {
                last = e;
                location = null;
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken).ConfigureAwait(false);
            }
        }

        throw new RegistryException($"uploading {blobs.Describe(descriptor.Digest)}: gave up after {options.MaxAttempts} attempts ({last?.Message})", innerException: last);
    }

    private static bool IsRetryable(Exception e) => e switch
    {
        BlobVerificationException => false,
        RegistryException r => r.StatusCode is null || RetryHandler.IsRetryableStatus(r.StatusCode.Value)
            || r.HasCode(DistributionErrorCode.BlobUploadUnknown) || r.HasCode(DistributionErrorCode.BlobUploadInvalid),
        HttpRequestException or IOException => true,
        _ => false,
    };

    private async Task<(bool Mounted, Uri? Location)> MountAsync(Digest digest, string from, CancellationToken cancellationToken)
    {
        var uri = await connection.UriAsync($"/v2/{name}/blobs/uploads/?mount={Uri.EscapeDataString(digest.ToString())}&from={Uri.EscapeDataString(from)}", cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri);
        request.Options.Set(RegistryRequestOptions.ExtraScope, Auth.TokenScope.Repository(from, "pull"));
        using var response = await connection.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            return (true, null);
        }

        if (response.StatusCode == HttpStatusCode.Accepted && response.Headers.Location is { } location)
        {
            return (false, new Uri(uri, location));
        }

        // Any refusal of the mount (no access to the source, unsupported) falls back to a plain upload.
        return (false, null);
    }

    private async Task<Uri> StartAsync(CancellationToken cancellationToken)
    {
        var uri = await connection.UriAsync($"/v2/{name}/blobs/uploads/", cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri);
        using var response = await connection.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted || response.Headers.Location is not { } location)
        {
            throw response.IsSuccessStatusCode
                ? new RegistryException($"starting an upload to {connection.Registry}/{name}: the registry answered {(int)response.StatusCode} without an upload location", response.StatusCode)
                : await ErrorResponseParser.CreateAsync(response, $"starting an upload to {connection.Registry}/{name}", connection.Registry, cancellationToken).ConfigureAwait(false);
        }

        return new Uri(uri, location);
    }

    private async Task PutMonolithicAsync(Uri location, Descriptor descriptor, BlobSource source, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var content = await source(0, cancellationToken).ConfigureAwait(false);
        await using (content.ConfigureAwait(false))
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, WithDigest(location, descriptor.Digest))
            {
                Content = new StreamContent(new ProgressStream(content, progress, descriptor.Size), 81920),
            };
            request.Content.Headers.ContentLength = descriptor.Size;
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(OctetStream);
            using var response = await connection.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            await RequireCreatedAsync(response, descriptor, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PutChunkedAsync(Uri location, Descriptor descriptor, BlobSource source, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        long offset = 0;
        var buffer = new byte[(int)Math.Min(options.ChunkSize, descriptor.Size)];
        var failures = 0;
        Stream? content = null;
        long contentPosition = 0;
        try
        {
            while (offset < descriptor.Size)
            {
                if (content is null || contentPosition != offset)
                {
                    // Opened once and read forward; reopened at the registry's offset only after a failure.
                    if (content is not null)
                    {
                        await content.DisposeAsync().ConfigureAwait(false);
                    }

                    content = await source(offset, cancellationToken).ConfigureAwait(false);
                    contentPosition = offset;
                }

                var length = await ReadChunkAsync(content, buffer, (int)Math.Min(buffer.Length, descriptor.Size - offset), cancellationToken).ConfigureAwait(false);
                contentPosition += length;
                if (length == 0)
                {
                    throw new IOException($"the source of {descriptor.Digest} ended at byte {offset} of {descriptor.Size}");
                }

                try
                {
                    location = await PatchAsync(location, buffer.AsMemory(0, length), offset, cancellationToken).ConfigureAwait(false);
                    offset += length;
                    progress?.Report(offset);
                }
                catch (Exception e) when (IsRetryable(e) && !cancellationToken.IsCancellationRequested && ++failures < options.MaxAttempts * 2)
                {
                    // Ask the registry how much it has, then continue from there.
                    await Task.Delay(TimeSpan.FromMilliseconds(50 * failures), cancellationToken).ConfigureAwait(false);
                    (location, offset) = await StatusAsync(location, cancellationToken).ConfigureAwait(false);
                    progress?.Report(offset);
                }
            }
        }
        finally
        {
            if (content is not null)
            {
                await content.DisposeAsync().ConfigureAwait(false);
            }
        }

        using var request = new HttpRequestMessage(HttpMethod.Put, WithDigest(location, descriptor.Digest)) { Content = new ByteArrayContent([]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(OctetStream);
        using var response = await connection.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        await RequireCreatedAsync(response, descriptor, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Uri> PatchAsync(Uri location, ReadOnlyMemory<byte> chunk, long offset, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new ReadOnlyMemoryContent(chunk) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(OctetStream);
        request.Content.Headers.ContentLength = chunk.Length;

        // The distribution spec's Content-Range for chunks is "<start>-<end>" (inclusive), without a unit.
        request.Content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + chunk.Length - 1}");
        using var response = await connection.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw await ErrorResponseParser.CreateAsync(response, $"uploading a chunk to {connection.Registry}/{name}", connection.Registry, cancellationToken).ConfigureAwait(false);
        }

        return response.Headers.Location is { } next ? new Uri(location, next) : location;
    }

    /// <summary>GET on the upload URL: 204 with <c>Range: 0-&lt;last&gt;</c> says how many bytes the registry holds.</summary>
    private async Task<(Uri Location, long Offset)> StatusAsync(Uri location, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, location);
        using var response = await connection.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorResponseParser.CreateAsync(response, $"asking the status of an upload to {connection.Registry}/{name}", connection.Registry, cancellationToken).ConfigureAwait(false);
        }

        var next = response.Headers.Location is { } l ? new Uri(location, l) : location;
        var offset = 0L;
        // "Range" is a request header to HttpClient's typed collections; read it unvalidated from the response.
        if (response.Headers.NonValidated.TryGetValues("Range", out var values) && values.FirstOrDefault() is { } range)
        {
            var text = range.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) ? range[6..] : range;
            var dash = text.IndexOf('-', StringComparison.Ordinal);
            // docker-registry answers "0-0" for an empty upload as well as for one byte; chunked uploads are never
            // one byte long, so "0-0" means nothing arrived yet.
            if (dash > 0 && long.TryParse(text.AsSpan(dash + 1), out var last) && last > 0)
            {
                offset = last + 1;
            }
        }

        return (next, offset);
    }

    private async Task RequireCreatedAsync(HttpResponseMessage response, Descriptor descriptor, CancellationToken cancellationToken)
    {
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.NoContent or HttpStatusCode.Accepted))
        {
            throw await ErrorResponseParser.CreateAsync(response, $"uploading {blobs.Describe(descriptor.Digest)}", connection.Registry, cancellationToken).ConfigureAwait(false);
        }

        if (Manifests.RegistryManifestStore.DigestHeader(response) is { } stored && stored != descriptor.Digest)
        {
            throw new RegistryException($"uploading {blobs.Describe(descriptor.Digest)}: the registry stored it as {stored}");
        }
    }

    private static Uri WithDigest(Uri location, Digest digest)
    {
        var builder = new UriBuilder(location);
        var query = builder.Query.TrimStart('?');
        builder.Query = (query.Length > 0 ? query + "&" : string.Empty) + "digest=" + Uri.EscapeDataString(digest.ToString());
        return builder.Uri;
    }

    private static async Task<int> ReadChunkAsync(Stream stream, byte[] buffer, int wanted, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < wanted)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(total, wanted - total), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
