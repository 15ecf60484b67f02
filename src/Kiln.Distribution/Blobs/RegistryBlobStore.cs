using System.Net;
using System.Net.Http.Headers;
using Kiln.Distribution.Errors;
using Kiln.Distribution.Http;
using Kiln.Oci;

namespace Kiln.Distribution.Blobs;

/// <summary>
/// The blobs of one repository (distribution spec "Pulling blobs", "Pushing blobs", "Mounting a blob from another
/// repository"): HEAD; GET following redirects (credentials stay with the registry host), streamed, verified against
/// digest and size and resumed with <c>Range</c> after a broken connection; uploads through <see cref="BlobUploader"/>.
/// </summary>
public sealed class RegistryBlobStore
{
    private const int MaxRedirects = 5;
    private const int MaxResumes = 5;

    private readonly RegistryConnection _connection;
    private readonly string _name;
    private readonly BlobUploader _uploader;

    internal RegistryBlobStore(RegistryConnection connection, string name, RegistryClientOptions options)
    {
        _connection = connection;
        _name = name;
        _uploader = new BlobUploader(connection, name, options.Upload, this);
    }

    /// <summary>The blob's size when the repository has it, else null.</summary>
    public async Task<long?> HeadAsync(Digest digest, CancellationToken cancellationToken = default)
    {
        var uri = await _connection.UriAsync($"/v2/{_name}/blobs/{digest}", cancellationToken).ConfigureAwait(false);
        for (var hop = 0; hop <= MaxRedirects; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, uri);
            using var response = await _connection.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
            {
                uri = new Uri(uri, location);
                continue;
            }

            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorResponseParser.CreateAsync(response, Describe(digest), _connection.Registry, cancellationToken).ConfigureAwait(false);
            }

            return response.Content.Headers.ContentLength ?? -1;
        }

        throw new RegistryException($"{Describe(digest)}: too many redirects");
    }

    /// <summary>True when the repository has the blob.</summary>
    public async Task<bool> ExistsAsync(Digest digest, CancellationToken cancellationToken = default) =>
        await HeadAsync(digest, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>
    /// Opens the blob for reading. The stream resumes after broken connections and throws
    /// <see cref="BlobVerificationException"/> when the content does not match <paramref name="descriptor"/>.
    /// </summary>
    /// <exception cref="RegistryException">The blob is missing (<see cref="RegistryException.IsNotFound"/>) or the request was refused.</exception>
    public async Task<Stream> OpenReadAsync(Descriptor descriptor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var initial = await OpenAtAsync(descriptor.Digest, 0, cancellationToken).ConfigureAwait(false);
        return new VerifiedBlobStream(initial, (offset, ct) => OpenAtAsync(descriptor.Digest, offset, ct), descriptor, Describe(descriptor.Digest), MaxResumes);
    }

    /// <summary>Reads a small blob (a config) into memory, verified.</summary>
    public async Task<byte[]> ReadAllBytesAsync(Descriptor descriptor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        await using var stream = await OpenReadAsync(descriptor, cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream((int)Math.Min(descriptor.Size, 1 << 20));
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>
    /// Puts a blob into the repository unless it is there: HEAD first, then a cross-repository mount from
    /// <paramref name="mountFrom"/> when given (falling back to an upload when the registry answers 202), then a
    /// monolithic or chunked upload that resumes after broken connections. <paramref name="progress"/> gets bytes sent.
    /// </summary>
    public Task<BlobUploadResult> UploadAsync(Descriptor descriptor, BlobSource source, string? mountFrom = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        _uploader.UploadAsync(descriptor, source, mountFrom, progress, cancellationToken);

    internal static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    internal string Describe(Digest digest) => $"{_connection.Registry}/{_name}@{digest}";

    /// <summary>GET (from <paramref name="offset"/> with a Range header), following redirects; returns the body positioned at the offset.</summary>
    private async Task<Stream> OpenAtAsync(Digest digest, long offset, CancellationToken cancellationToken)
    {
        var uri = await _connection.UriAsync($"/v2/{_name}/blobs/{digest}", cancellationToken).ConfigureAwait(false);
        for (var hop = 0; hop <= MaxRedirects; hop++)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, uri);
            if (offset > 0)
            {
                request.Headers.Range = new RangeHeaderValue(offset, null);
            }

            HttpResponseMessage response;
            try
            {
                response = await _connection.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                request.Dispose();
            }

            if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
            {
                response.Dispose();
                uri = new Uri(uri, location);
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                using (response)
                {
                    throw await ErrorResponseParser.CreateAsync(response, Describe(digest), _connection.Registry, cancellationToken).ConfigureAwait(false);
                }
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            if (offset > 0 && response.StatusCode != HttpStatusCode.PartialContent)
            {
                // The server ignored the Range header: skip what we already have.
                await SkipAsync(body, offset, cancellationToken).ConfigureAwait(false);
            }
            else if (offset > 0 && response.Content.Headers.ContentRange?.From is { } from && from != offset)
            {
                response.Dispose();
                throw new RegistryException($"{Describe(digest)}: asked to resume at byte {offset}, the registry answered from byte {from}");
            }

            return new PassThroughReadStream(body, alsoDispose: response);
        }

        throw new RegistryException($"{Describe(digest)}: too many redirects");
    }

    private static async Task SkipAsync(Stream stream, long count, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        while (count > 0)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("the connection ended while skipping to the resume offset");
            }

            count -= read;
        }
    }
}
