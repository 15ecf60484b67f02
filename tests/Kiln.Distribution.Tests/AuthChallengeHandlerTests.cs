using System.Net;
using Kiln.Distribution.Auth;
using Kiln.Distribution.Http;

namespace Kiln.Distribution.Tests;

public sealed class AuthChallengeHandlerTests
{
    /// <summary>Records the Authorization header of every request and answers 200.</summary>
    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<(Uri Uri, string? Authorization)> Seen { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Seen.Add((request.RequestUri!, request.Headers.Authorization?.ToString()));
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) });
        }
    }

    [Fact]
    public async Task Credentials_go_to_the_registry_host_only_never_to_a_redirect_target()
    {
        var inner = new RecordingHandler();
        using var tokens = new HttpMessageInvoker(new RecordingHandler());
        var handler = new AuthChallengeHandler("registry.test:5000", "registry.test:5000", new StaticCredentialProvider(new RegistryCredential("u", "p")), tokens, TimeProvider.System) { InnerHandler = inner };
        handler.Learn(AuthChallenge.Parse("Basic realm=\"r\"")!);
        using var invoker = new HttpMessageInvoker(handler);

        using (var toRegistry = new HttpRequestMessage(HttpMethod.Get, "https://registry.test:5000/v2/x/blobs/sha256:00"))
        {
            await invoker.SendAsync(toRegistry, default);
        }

        using (var toStorage = new HttpRequestMessage(HttpMethod.Get, "https://storage.test/blob?sig=1"))
        {
            toStorage.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", "leaked");
            await invoker.SendAsync(toStorage, default);
        }

        Assert.StartsWith("Basic ", inner.Seen[0].Authorization, StringComparison.Ordinal);
        Assert.Null(inner.Seen[1].Authorization);
    }

    /// <summary>A registry that accepts only the Bearer token "t2", and a token endpoint that issues t1, then t2.</summary>
    private sealed class RotatingTokens : HttpMessageHandler
    {
        public int TokenRequests { get; private set; }

        public List<string?> RegistrySaw { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.Host == "auth.test")
            {
                TokenRequests++;
                Assert.Contains("scope=repository%3Aapp%3Apull", request.RequestUri.Query, StringComparison.Ordinal);
                var body = $"{{\"access_token\":\"t{TokenRequests}\",\"expires_in\":300}}";
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body) });
            }

            RegistrySaw.Add(request.Headers.Authorization?.Parameter);
            if (request.Headers.Authorization?.Parameter == "t2")
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) });
            }

            var denied = new HttpResponseMessage(HttpStatusCode.Unauthorized) { Content = new ByteArrayContent([]) };
            denied.Headers.TryAddWithoutValidation("WWW-Authenticate", "Bearer realm=\"https://auth.test/token\",service=\"registry.test\",scope=\"repository:app:pull\"");
            return Task.FromResult(denied);
        }
    }

    [Fact]
    public async Task A_rejected_cached_token_is_refreshed_once_and_later_requests_use_the_new_one()
    {
        var backend = new RotatingTokens();
        using var tokens = new HttpMessageInvoker(backend, disposeHandler: false);
        var handler = new AuthChallengeHandler("registry.test", "registry.test", StaticCredentialProvider.Anonymous, tokens, TimeProvider.System) { InnerHandler = backend };
        using var invoker = new HttpMessageInvoker(handler);

        // Unknown scheme: anonymous, 401, token t1 (still rejected), and no endless loop: the 401 stands.
        using (var first = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://registry.test/v2/app/manifests/1"), default))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        }

        // The cached t1 is sent up front, rejected, refreshed to t2 and the request repeated.
        using (var second = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://registry.test/v2/app/manifests/1"), default))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        using (var third = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://registry.test/v2/app/blobs/sha256:00"), default))
        {
            Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        }

        Assert.Equal([null, "t1", "t1", "t2", "t2"], backend.RegistrySaw);
        Assert.Equal(2, backend.TokenRequests);
    }
}
