using System.Buffers;
using System.Net;
using Kiln.Linux;
using Kiln.Oci;

namespace Kiln.Build.Operations.Sources;

/// <summary>
/// Downloads an <c>ADD http(s)://…</c> source (DF-ADD-URL, DF-ADD-CHECKSUM) the way BuildKit's HTTP source and
/// Dockerfile frontend do: one GET (redirects as the <see cref="HttpClient"/> follows them), any non-2xx status
/// fails, the body is streamed to disk while it is hashed (never buffered whole), the file is mode 0600 with
/// mtime <c>Last-Modified</c> (the Unix epoch without one), and <c>--checksum</c> must equal the content digest.
/// The file name is the last segment of the URL path, <c>__unnamed__</c> when there is none; BuildKit's frontend
/// always names the file itself, so <c>Content-Disposition</c> is deliberately not consulted. A download that
/// receives nothing for the idle timeout fails instead of hanging (no overall timeout: large files are fine).
/// </summary>
public sealed class HttpSourceFetcher
{
    /// <summary>The name BuildKit's frontend gives a download whose URL has no path segment.</summary>
    public const string UnnamedFileName = "__unnamed__";

    private const int BufferSize = 1 << 16;
    private const int DownloadMode = 0b110_000_000; // 0600, BuildKit's default for HTTP sources

    private readonly HttpClient _httpClient;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _idleTimeout;

    /// <param name="httpClient">Sends the request; its handler decides redirects, proxies and TLS.</param>
    /// <param name="timeProvider">Times the idle timeout.</param>
    /// <param name="idleTimeout">How long the server may send nothing before the download fails; 2 minutes by default.</param>
    public HttpSourceFetcher(HttpClient httpClient, TimeProvider timeProvider, TimeSpan? idleTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _httpClient = httpClient;
        _timeProvider = timeProvider;
        _idleTimeout = idleTimeout ?? TimeSpan.FromMinutes(2);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_idleTimeout, TimeSpan.Zero, nameof(idleTimeout));
    }

    /// <summary>The file name BuildKit's frontend derives from a URL: the last path segment (decoded), or <see cref="UnnamedFileName"/>.</summary>
    public static string FileNameFor(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var path = Uri.UnescapeDataString(url.AbsolutePath).TrimEnd('/');
        var name = path[(path.LastIndexOf('/') + 1)..];

        // Go's path.Base gives "." for an empty path and "/" for a root; ".." would name the parent directory.
        return name is "" or "." or ".." ? UnnamedFileName : name;
    }

    /// <summary>
    /// Downloads <paramref name="url"/> into <paramref name="downloadDirectory"/> (created if missing) as
    /// <see cref="FileNameFor"/>, replacing a file of that name.
    /// </summary>
    /// <param name="url">An absolute http or https URL.</param>
    /// <param name="checksum">The expected digest of the content (<c>--checksum=sha256:…</c> or sha512), or null.</param>
    /// <param name="downloadDirectory">A directory the caller owns.</param>
    /// <param name="cancellationToken">Cancels the download; the partial file is removed.</param>
    /// <exception cref="SourceException">The request failed, the status is not 2xx, the server stalled or the checksum differs.</exception>
    public async Task<FetchedFile> FetchAsync(Uri url, Digest? checksum, string downloadDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(downloadDirectory);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{url}' is not an absolute http or https URL", nameof(url));
        }

        if (checksum is { IsEmpty: true })
        {
            checksum = null;
        }

        var shown = UrlRedaction.Redact(url);
        var fileName = FileNameFor(url);
        Directory.CreateDirectory(downloadDirectory);
        var finalPath = Path.Combine(downloadDirectory, fileName);
        var partialPath = Path.Combine(downloadDirectory, "." + Guid.NewGuid().ToString("N") + ".partial");

        using var idle = new CancellationTokenSource(_idleTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new SourceException(
                    SourceException.HttpStatus,
                    shown,
                    $"failed to download {shown}: the server answered {(int)response.StatusCode} {ReasonOf(response)}; check the URL and that the file is published");
            }

            var lastModified = response.Content.Headers.LastModified;
            var (sha256, expectedAlgorithmDigest, size) = await DownloadAsync(response, partialPath, checksum, idle, linked.Token).ConfigureAwait(false);
            if (checksum is { } expected && expectedAlgorithmDigest != expected)
            {
                throw new SourceException(
                    SourceException.HttpChecksumMismatch,
                    shown,
                    $"checksum mismatch for {shown}: expected {expected}, got {expectedAlgorithmDigest}; the file changed on the server or --checksum is wrong");
            }

            var mtime = (lastModified ?? DateTimeOffset.UnixEpoch).UtcDateTime;
            File.SetLastWriteTimeUtc(partialPath, mtime);
            File.SetLastAccessTimeUtc(partialPath, mtime);
            File.Move(partialPath, finalPath, overwrite: true);
            return new FetchedFile(finalPath, fileName, lastModified, sha256, size);
        }
        catch (OperationCanceledException e) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new SourceException(
                SourceException.HttpStalled,
                shown,
                $"failed to download {shown}: the server sent nothing for {_idleTimeout.TotalSeconds:0.###} s; try again or check the server",
                e);
        }
        catch (HttpRequestException e)
        {
            throw new SourceException(SourceException.HttpFailed, shown, $"failed to download {shown}: {e.Message}", e);
        }
        catch (IOException e) when (e is HttpIOException || e.InnerException is HttpIOException)
        {
            throw new SourceException(SourceException.HttpFailed, shown, $"failed to download {shown}: {e.Message}", e);
        }
        finally
        {
            File.Delete(partialPath);
        }
    }

    private static string ReasonOf(HttpResponseMessage response) =>
        string.IsNullOrEmpty(response.ReasonPhrase) ? ((HttpStatusCode)response.StatusCode).ToString() : response.ReasonPhrase;

    private async Task<(Digest Sha256, Digest? Expected, long Size)> DownloadAsync(
        HttpResponseMessage response, string partialPath, Digest? checksum, CancellationTokenSource idle, CancellationToken cancellationToken)
    {
        using var sha256 = new DigestHasher(Digest.Sha256);
        using var other = checksum is { Algorithm: not Digest.Sha256 } c ? new DigestHasher(c.Algorithm) : null;
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
            Options = FileOptions.Asynchronous,
        };
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                var file = new FileStream(partialPath, options);
                new LinuxFileSystem().Chmod(partialPath, DownloadMode); // before any content lands
                await using (file.ConfigureAwait(false))
                {
                    int read;
                    while ((read = await body.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        idle.CancelAfter(_idleTimeout);
                        sha256.Append(buffer.AsSpan(0, read));
                        other?.Append(buffer.AsSpan(0, read));
                        await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var size = sha256.BytesHashed;
        var digest = sha256.GetDigestAndReset();
        return (digest, checksum is null ? null : other?.GetDigestAndReset() ?? digest, size);
    }
}
