using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Kiln.Distribution.Errors;
using Kiln.Distribution.Http;
using Kiln.Oci;
using Kiln.Oci.Images;
using Kiln.Oci.Json;

namespace Kiln.Distribution.Manifests;

/// <summary>
/// The manifests of one repository (distribution spec "Pulling manifests", "Pushing Manifests", "Deleting Manifests",
/// "Listing Tags", "Listing Referrers"): GET/HEAD/PUT/DELETE by tag or digest with an Accept list of OCI and Docker
/// manifest and index types. A fetched manifest's bytes must hash to the digest asked for and to
/// <c>Docker-Content-Digest</c> when the registry sends one; manifests larger than the limit are refused.
/// </summary>
public sealed class RegistryManifestStore
{
    /// <summary>The media types asked for, most preferred first.</summary>
    public static IReadOnlyList<string> AcceptedMediaTypes { get; } =
    [
        MediaTypes.OciImageIndex, MediaTypes.OciImageManifest, MediaTypes.DockerManifestList, MediaTypes.DockerManifest,
    ];

    private const int TagPageSize = 1000;

    private readonly RegistryConnection _connection;
    private readonly string _name;
    private readonly RegistryClientOptions _options;

    internal RegistryManifestStore(RegistryConnection connection, string name, RegistryClientOptions options)
    {
        _connection = connection;
        _name = name;
        _options = options;
    }

    /// <summary>Fetches a manifest or index by tag or digest (<c>sha256:…</c>).</summary>
    /// <exception cref="RegistryException">Not found (<see cref="RegistryException.IsNotFound"/>), refused, too large or not matching its digest.</exception>
    public async Task<RegistryManifest> GetAsync(string reference, CancellationToken cancellationToken = default)
    {
        var what = Describe(reference);
        using var request = await CreateAsync(HttpMethod.Get, reference, cancellationToken).ConfigureAwait(false);
        using var response = await _connection.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorResponseParser.CreateAsync(response, what, _connection.Registry, cancellationToken).ConfigureAwait(false);
        }

        if (response.Content.Headers.ContentLength is { } declared && declared > _options.MaxManifestSize)
        {
            throw new RegistryException($"{what}: the manifest is {declared} bytes, more than the {_options.MaxManifestSize} bytes Kiln accepts");
        }

        var bytes = await ReadBoundedAsync(response, what, cancellationToken).ConfigureAwait(false);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (string.IsNullOrEmpty(mediaType) || mediaType is "application/json" or "text/plain" or "application/octet-stream")
        {
            mediaType = OciJson.DetectMediaType(bytes) ?? mediaType;
        }

        if (mediaType is MediaTypes.DockerManifestSchema1 or MediaTypes.DockerManifestSchema1Signed)
        {
            throw new RegistryException($"{what}: the image uses Docker's schema 1 manifest, which Kiln does not support; push it again with a current client");
        }

        if (!MediaTypes.IsManifest(mediaType) && !MediaTypes.IsIndex(mediaType))
        {
            throw new RegistryException($"{what}: the registry answered media type \"{mediaType}\", which is neither an image manifest nor an index");
        }

        var expected = Digest.TryParse(reference, out var pinned) ? pinned : (Digest?)null;
        var algorithm = expected?.Algorithm ?? Digest.Sha256;
        var actual = Digest.Compute(bytes, algorithm);
        if (expected is { } e && e != actual)
        {
            throw new BlobVerificationException(what, e, bytes.Length, actual, bytes.Length);
        }

        if (DigestHeader(response) is { } header && header.Algorithm == algorithm && header != actual)
        {
            throw new BlobVerificationException(what + " (Docker-Content-Digest)", header, bytes.Length, actual, bytes.Length);
        }

        return new RegistryManifest(bytes, MediaTypes.BaseType(mediaType!), actual);
    }

    /// <summary>HEAD: the manifest's descriptor (from <c>Docker-Content-Digest</c>, Content-Type, Content-Length), or null when absent.</summary>
    public async Task<Descriptor?> HeadAsync(string reference, CancellationToken cancellationToken = default)
    {
        using var request = await CreateAsync(HttpMethod.Head, reference, cancellationToken).ConfigureAwait(false);
        using var response = await _connection.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorResponseParser.CreateAsync(response, Describe(reference), _connection.Registry, cancellationToken).ConfigureAwait(false);
        }

        var digest = DigestHeader(response) ?? (Digest.TryParse(reference, out var pinned) ? pinned : default);
        if (digest.IsEmpty)
        {
            // No digest header: fall back to fetching the manifest.
            return (await GetAsync(reference, cancellationToken).ConfigureAwait(false)).ToDescriptor();
        }

        return new Descriptor(response.Content.Headers.ContentType?.MediaType ?? MediaTypes.OciImageManifest, digest, response.Content.Headers.ContentLength ?? 0);
    }

    /// <summary>PUTs a manifest or index under a tag or its digest; returns its descriptor.</summary>
    /// <exception cref="RegistryException">Refused (e.g. <c>MANIFEST_BLOB_UNKNOWN</c> when a blob is missing).</exception>
    public async Task<Descriptor> PutAsync(string reference, ReadOnlyMemory<byte> bytes, string mediaType, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(mediaType);
        var descriptor = new Descriptor(mediaType, Digest.Compute(bytes.Span), bytes.Length);
        if (Digest.TryParse(reference, out var pinned) && pinned != descriptor.Digest)
        {
            throw new ArgumentException($"the manifest hashes to {descriptor.Digest}, not {pinned}", nameof(reference));
        }

        using var request = await CreateAsync(HttpMethod.Put, reference, cancellationToken).ConfigureAwait(false);
        request.Options.Set(RegistryRequestOptions.Idempotent, true);
        request.Content = new ReadOnlyMemoryContent(bytes);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await _connection.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorResponseParser.CreateAsync(response, "pushing " + Describe(reference), _connection.Registry, cancellationToken).ConfigureAwait(false);
        }

        if (DigestHeader(response) is { } header && header.Algorithm == descriptor.Digest.Algorithm && header != descriptor.Digest)
        {
            throw new RegistryException($"pushing {Describe(reference)}: the registry stored digest {header}, but the manifest hashes to {descriptor.Digest}");
        }

        return descriptor;
    }

    /// <summary>Deletes a manifest by digest (registries refuse deletes by tag or when deletion is disabled).</summary>
    public async Task DeleteAsync(Digest digest, CancellationToken cancellationToken = default)
    {
        using var request = await CreateAsync(HttpMethod.Delete, digest.ToString(), cancellationToken).ConfigureAwait(false);
        request.Options.Set(RegistryRequestOptions.Idempotent, true);
        using var response = await _connection.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorResponseParser.CreateAsync(response, "deleting " + Describe(digest.ToString()), _connection.Registry, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Every tag of the repository, following <c>Link: &lt;…&gt;; rel="next"</c> pages.</summary>
    public async Task<IReadOnlyList<string>> ListTagsAsync(int pageSize = TagPageSize, CancellationToken cancellationToken = default)
    {
        var tags = new List<string>();
        Uri? next = await _connection.UriAsync($"/v2/{_name}/tags/list?n={pageSize}", cancellationToken).ConfigureAwait(false);
        for (var page = 0; next is not null && page < 10_000; page++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            using var response = await _connection.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorResponseParser.CreateAsync(response, $"listing the tags of {_connection.Registry}/{_name}", _connection.Registry, cancellationToken).ConfigureAwait(false);
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                tags.AddRange(JsonSerializer.Deserialize(body, DistributionJsonContext.Default.TagListBody)?.Tags ?? []);
            }
            catch (JsonException e)
            {
                throw new RegistryException($"listing the tags of {_connection.Registry}/{_name}: the registry answered invalid JSON ({e.Message})", innerException: e);
            }

            next = LinkHeader.Next(response.Headers, next);
        }

        return tags;
    }

    /// <summary>
    /// The referrers of <paramref name="subject"/> (distribution spec v1.1 "Listing Referrers"), optionally filtered by
    /// artifact type; null when the registry does not serve the API (404).
    /// </summary>
    public async Task<ImageIndex?> GetReferrersAsync(Digest subject, string? artifactType = null, CancellationToken cancellationToken = default)
    {
        var query = artifactType is null ? string.Empty : "?artifactType=" + Uri.EscapeDataString(artifactType);
        Uri? next = await _connection.UriAsync($"/v2/{_name}/referrers/{subject}{query}", cancellationToken).ConfigureAwait(false);
        var manifests = new List<Descriptor>();
        for (var page = 0; next is not null && page < 1000; page++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaTypes.OciImageIndex));
            using var response = await _connection.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound && page == 0)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorResponseParser.CreateAsync(response, $"listing the referrers of {subject}", _connection.Registry, cancellationToken).ConfigureAwait(false);
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            manifests.AddRange(OciJson.DeserializeIndex(body).Manifests);
            next = LinkHeader.Next(response.Headers, next);
        }

        return new ImageIndex(MediaTypes.OciImageIndex, manifests);
    }

    internal static Digest? DigestHeader(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Docker-Content-Digest", out var values) && Digest.TryParse(values.FirstOrDefault(), out var digest) ? digest : null;

    private async Task<HttpRequestMessage> CreateAsync(HttpMethod method, string reference, CancellationToken cancellationToken)
    {
        if (!Digest.TryParse(reference, out _) && !ImageReference.IsValidTag(reference))
        {
            throw new ArgumentException($"\"{reference}\" is neither a tag nor a digest", nameof(reference));
        }

        var request = new HttpRequestMessage(method, await _connection.UriAsync($"/v2/{_name}/manifests/{reference}", cancellationToken).ConfigureAwait(false));
        foreach (var type in AcceptedMediaTypes)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        return request;
    }

    private async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > _options.MaxManifestSize)
            {
                throw new RegistryException($"{what}: the manifest is larger than the {_options.MaxManifestSize} bytes Kiln accepts");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private string Describe(string reference) =>
        $"{_connection.Registry}/{_name}{(Digest.TryParse(reference, out _) ? "@" : ":")}{reference}";
}
