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
}
