using System.Net;
using System.Security.Authentication;
using Kiln.Distribution.Auth;
using Kiln.Distribution.Errors;

namespace Kiln.Distribution.Http;

/// <summary>
/// The handler chain for one registry host (user agent → retry → auth challenge → TLS) and its base URL, found once by
/// pinging <c>/v2/</c>: HTTPS, or plain HTTP for hosts configured so and, after a failed TLS connection, for insecure
/// and loopback hosts (docker's behaviour for <c>localhost</c>).
/// </summary>
internal sealed class RegistryConnection : IDisposable
{
    private readonly HttpMessageInvoker _client;
    private readonly HttpMessageInvoker _bare;
    private readonly AuthChallengeHandler _auth;
    private readonly SemaphoreSlim _resolveLock = new(1, 1);
    private Uri? _baseUri;

    public RegistryConnection(RegistryHostPolicy policy, ICredentialProvider credentials, RegistryClientOptions options)
    {
        Policy = policy;
        var tls = RegistryTls.CreateHandler(policy);
        _bare = new HttpMessageInvoker(new UserAgentHandler(options.UserAgent) { InnerHandler = new RetryHandler(options.Retry) { InnerHandler = tls } }, disposeHandler: true);
        _auth = new AuthChallengeHandler(policy.ApiHost, policy.Registry, credentials, _bare, options.TimeProvider) { InnerHandler = tls };
        _client = new HttpMessageInvoker(new UserAgentHandler(options.UserAgent) { InnerHandler = new RetryHandler(options.Retry) { InnerHandler = _auth } }, disposeHandler: false);
    }

    public RegistryHostPolicy Policy { get; }

    public string Registry => Policy.Registry;

    /// <summary>The API base, <c>https://host/</c> or <c>http://host/</c>, found by the first ping.</summary>
    public async Task<Uri> GetBaseUriAsync(CancellationToken cancellationToken)
    {
        if (_baseUri is { } known)
        {
            return known;
        }

        await _resolveLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _baseUri ??= await ResolveAsync(cancellationToken).ConfigureAwait(false);
            return _baseUri;
        }
        finally
        {
            _resolveLock.Release();
        }
    }

    /// <summary>Builds an absolute URL for a path (and query) under the API base.</summary>
    public async Task<Uri> UriAsync(string pathAndQuery, CancellationToken cancellationToken) =>
        new(await GetBaseUriAsync(cancellationToken).ConfigureAwait(false), pathAndQuery);

    /// <summary>Sends through the whole chain; transport failures become <see cref="RegistryException"/>s naming the host.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (completion == HttpCompletionOption.ResponseContentRead)
            {
                await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            }

            return response;
        }
        catch (HttpRequestException e)
        {
            throw Transport(e, request.RequestUri);
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _auth.Dispose();
        _bare.Dispose();
        _resolveLock.Dispose();
    }

    internal RegistryException Transport(HttpRequestException error, Uri? uri)
    {
        var where = uri is null ? Registry : uri.GetLeftPart(UriPartial.Authority);
        if (error.HttpRequestError == HttpRequestError.SecureConnectionError || error.InnerException is AuthenticationException)
        {
            return new RegistryException(
                $"{where}: TLS connection failed ({error.InnerException?.Message ?? error.Message}); if the registry uses a private CA put it in /etc/docker/certs.d/{Registry}/ca.crt or pass --cert-dir, or use --tls-verify=false for a registry you trust",
                innerException: error);
        }

        return new RegistryException($"{where}: cannot reach the registry ({error.Message})", innerException: error);
    }

    private async Task<Uri> ResolveAsync(CancellationToken cancellationToken)
    {
        var https = new Uri("https://" + Policy.ApiHost + "/");
        var http = new Uri("http://" + Policy.ApiHost + "/");
        if (Policy.HttpOnly)
        {
            await PingAsync(http, cancellationToken).ConfigureAwait(false);
            return http;
        }

        try
        {
            await PingAsync(https, cancellationToken).ConfigureAwait(false);
            return https;
        }
        catch (HttpRequestException e) when (Policy.AllowHttpFallback)
        {
            try
            {
                // A TLS-only server answers plain HTTP with 400: then the TLS failure is the real story.
                if (await PingAsync(http, cancellationToken).ConfigureAwait(false) != HttpStatusCode.BadRequest)
                {
                    return http;
                }
            }
            catch (HttpRequestException)
            {
            }

            throw Transport(e, https);
        }
        catch (HttpRequestException e)
        {
            throw Transport(e, https);
        }
    }

    /// <summary>GET /v2/ without credentials; a 401 teaches the auth handler the scheme. Any HTTP answer means the endpoint works.</summary>
    private async Task<HttpStatusCode> PingAsync(Uri baseUri, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, "/v2/"));
        using var response = await _bare.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized
            && AuthChallenge.Parse(string.Join(", ", response.Headers.WwwAuthenticate.Select(h => h.ToString()))) is { } challenge)
        {
            _auth.Learn(challenge);
        }

        return response.StatusCode;
    }
}
