using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Kiln.Distribution.Auth;
using Kiln.Distribution.Errors;

namespace Kiln.Distribution.Http;

/// <summary>
/// Answers registry auth challenges (Docker token auth spec; distribution spec "Authentication"): anonymous until a 401
/// names a scheme; Basic sends the stored username and password; Bearer fetches a token from the challenge's realm
/// (<c>GET realm?service=&amp;scope=</c> with Basic credentials when known, or the OAuth2 refresh-token POST for an
/// identity token), caches it per scope until it expires and refreshes it on a 401. Requests to other hosts (blob
/// redirects to storage) never get the registry's Authorization header.
/// </summary>
internal sealed class AuthChallengeHandler : DelegatingHandler
{
    private const int DefaultTokenLifetimeSeconds = 60;

    private readonly string _authority;
    private readonly string _registry;
    private readonly ICredentialProvider _credentials;
    private readonly HttpMessageInvoker _tokenClient;
    private readonly BearerTokenCache _tokens;
    private readonly SemaphoreSlim _credentialLock = new(1, 1);
    private RegistryCredential? _credential;
    private bool _credentialLoaded;
    private AuthChallenge? _challenge;

    /// <param name="authority">The API host:port whose requests get credentials.</param>
    /// <param name="registry">The registry name credentials are looked up by and messages name.</param>
    /// <param name="credentials">Where the registry's credentials come from.</param>
    /// <param name="tokenClient">Sends token requests (no auth handler in it).</param>
    /// <param name="timeProvider">The clock token expiry is measured on.</param>
    public AuthChallengeHandler(string authority, string registry, ICredentialProvider credentials, HttpMessageInvoker tokenClient, TimeProvider timeProvider)
    {
        _authority = authority;
        _registry = registry;
        _credentials = credentials;
        _tokenClient = tokenClient;
        _tokens = new BearerTokenCache(timeProvider);
    }

    /// <summary>Records a challenge seen outside the chain (the ping), so the first requests authenticate up front.</summary>
    public void Learn(AuthChallenge challenge) => _challenge = challenge;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!string.Equals(request.RequestUri?.Authority, _authority, StringComparison.OrdinalIgnoreCase))
        {
            request.Headers.Authorization = null;
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var scopes = RequestScopes(request, null);
        if (_challenge is { } known)
        {
            await AuthorizeAsync(request, known, scopes, refresh: false, cancellationToken).ConfigureAwait(false);
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !RegistryRequestOptions.CanResend(request))
        {
            return response;
        }

        var challenge = AuthChallenge.Parse(string.Join(", ", response.Headers.WwwAuthenticate.Select(h => h.ToString())));
        if (challenge is null || !(challenge.IsBasic || challenge.IsBearer))
        {
            return response;
        }

        var hadAuthorization = request.Headers.Authorization is not null;
        _challenge = challenge;
        scopes = RequestScopes(request, challenge.Scope);
        if (!await AuthorizeAsync(request, challenge, scopes, refresh: true, cancellationToken).ConfigureAwait(false)
            || (challenge.IsBasic && hadAuthorization))
        {
            // Nothing (new) to authenticate with: the 401 stands.
            return response;
        }

        response.Dispose();
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _credentialLock.Dispose();
        }

        base.Dispose(disposing);
    }

    private static IReadOnlyList<string> RequestScopes(HttpRequestMessage request, string? challengeScope)
    {
        var path = request.RequestUri?.AbsolutePath ?? "/";
        var extra = request.Options.TryGetValue(RegistryRequestOptions.ExtraScope, out var value) ? value : null;
        return TokenScope.Merge(TokenScope.For(request.Method, path), extra, challengeScope);
    }

    private async Task<bool> AuthorizeAsync(HttpRequestMessage request, AuthChallenge challenge, IReadOnlyList<string> scopes, bool refresh, CancellationToken cancellationToken)
    {
        var credential = await GetCredentialAsync(cancellationToken).ConfigureAwait(false);
        if (challenge.IsBasic)
        {
            if (credential is not { Username: { } user, Password: { } password })
            {
                return false;
            }

            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
            return true;
        }

        if (challenge.Realm is not { Length: > 0 } realm)
        {
            return false;
        }

        var key = BearerTokenCache.Key(realm, challenge.Service, scopes);
        if (refresh)
        {
            _tokens.Invalidate(key);
        }

        var token = _tokens.Get(key);
        if (token is null)
        {
            (token, var lifetime) = await FetchTokenAsync(realm, challenge.Service, scopes, credential, cancellationToken).ConfigureAwait(false);
            _tokens.Put(key, token, lifetime);
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return true;
    }

    private async Task<RegistryCredential?> GetCredentialAsync(CancellationToken cancellationToken)
    {
        if (_credentialLoaded)
        {
            return _credential;
        }

        await _credentialLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_credentialLoaded)
            {
                var found = await _credentials.GetAsync(_registry, cancellationToken).ConfigureAwait(false);
                _credential = found is { IsEmpty: false } ? found : null;
                _credentialLoaded = true;
            }

            return _credential;
        }
        finally
        {
            _credentialLock.Release();
        }
    }

    private async Task<(string Token, TimeSpan Lifetime)> FetchTokenAsync(
        string realm, string? service, IReadOnlyList<string> scopes, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(realm, UriKind.Absolute, out var realmUri) || realmUri.Scheme is not ("https" or "http"))
        {
            throw new RegistryException($"{_registry}: the registry's token realm \"{realm}\" is not an http(s) URL");
        }

        HttpRequestMessage tokenRequest;
        if (credential?.IdentityToken is { Length: > 0 } refreshToken)
        {
            var form = new List<KeyValuePair<string, string>>
            {
                new("grant_type", "refresh_token"),
                new("refresh_token", refreshToken),
                new("client_id", "kiln"),
            };
            if (service is not null)
            {
                form.Add(new("service", service));
            }

            if (scopes.Count > 0)
            {
                form.Add(new("scope", string.Join(' ', scopes)));
            }

            tokenRequest = new HttpRequestMessage(HttpMethod.Post, realmUri) { Content = new FormUrlEncodedContent(form) };
        }
        else
        {
            var query = new StringBuilder();
            if (service is not null)
            {
                query.Append("service=").Append(Uri.EscapeDataString(service));
            }

            foreach (var scope in scopes)
            {
                query.Append(query.Length > 0 ? "&" : string.Empty).Append("scope=").Append(Uri.EscapeDataString(scope));
            }

            var builder = new UriBuilder(realmUri);
            builder.Query = string.IsNullOrEmpty(builder.Query) ? query.ToString() : builder.Query.TrimStart('?') + (query.Length > 0 ? "&" + query : string.Empty);
            tokenRequest = new HttpRequestMessage(HttpMethod.Get, builder.Uri);
            if (credential is { Username: { } user, Password: { } password })
            {
                tokenRequest.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
            }
        }

        using (tokenRequest)
        {
            using var response = await _tokenClient.SendAsync(tokenRequest, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var what = credential is null
                    ? $"{_registry}: the token service at {realmUri.GetLeftPart(UriPartial.Path)} refused anonymous access"
                    : $"{_registry}: the token service at {realmUri.GetLeftPart(UriPartial.Path)} rejected the stored credentials ({credential})";
                throw await ErrorResponseParser.CreateAsync(response, what, _registry, cancellationToken).ConfigureAwait(false);
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            TokenResponse? parsed;
            try
            {
                parsed = JsonSerializer.Deserialize(body, DistributionJsonContext.Default.TokenResponse);
            }
            catch (JsonException e)
            {
                throw new RegistryException($"{_registry}: the token service answered something that is not a token response ({e.Message})", response.StatusCode, innerException: e);
            }

            var token = parsed?.Token is { Length: > 0 } t ? t : parsed?.AccessToken;
            if (string.IsNullOrEmpty(token))
            {
                throw new RegistryException($"{_registry}: the token service answered without a token", response.StatusCode);
            }

            var seconds = parsed?.ExpiresIn is int expires && expires > 0 ? expires : DefaultTokenLifetimeSeconds;
            return (token, TimeSpan.FromSeconds(seconds));
        }
    }
}
