using System.Net;
using Kiln.Distribution.Http;

namespace Kiln.Distribution.Tests;

public sealed class RetryHandlerTests
{
    private static (HttpMessageInvoker Invoker, ScriptedHandler Inner, RecordingDelaySource Delays) Create(int maxAttempts, params Func<HttpResponseMessage>[] answers)
    {
        var inner = new ScriptedHandler(answers);
        var delays = new RecordingDelaySource();
        var policy = new RetryPolicy { MaxAttempts = maxAttempts, BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1), Delay = delays };
        return (new HttpMessageInvoker(new RetryHandler(policy) { InnerHandler = inner }), inner, delays);
    }

    [Fact]
    public async Task Retries_5xx_and_connection_resets_for_GET_with_growing_jittered_backoff()
    {
        var (invoker, inner, delays) = Create(5, ScriptedHandler.Status(HttpStatusCode.ServiceUnavailable), ScriptedHandler.Reset(), ScriptedHandler.Status(HttpStatusCode.BadGateway), ScriptedHandler.Status(HttpStatusCode.OK));
        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://registry.test/v2/"), default);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(4, inner.Calls);
        Assert.Equal(3, delays.Delays.Count);
        Assert.InRange(delays.Delays[0].TotalMilliseconds, 50, 100);
        Assert.InRange(delays.Delays[1].TotalMilliseconds, 100, 200);
        Assert.InRange(delays.Delays[2].TotalMilliseconds, 200, 400);
    }

    [Fact]
    public async Task Honours_Retry_After_on_429()
    {
        var (invoker, inner, delays) = Create(3, ScriptedHandler.Status(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(7)), ScriptedHandler.Status(HttpStatusCode.OK));
        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Head, "http://registry.test/v2/x/blobs/y"), default);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([TimeSpan.FromSeconds(7)], delays.Delays);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task Attempts_are_bounded_and_the_last_answer_is_returned()
    {
        var (invoker, inner, delays) = Create(3, ScriptedHandler.Status(HttpStatusCode.InternalServerError));
        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://registry.test/v2/"), default);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(3, inner.Calls);
        Assert.Equal(2, delays.Delays.Count);
    }

    [Fact]
    public async Task Non_idempotent_requests_are_sent_once()
    {
        var (invoker, inner, delays) = Create(5, ScriptedHandler.Status(HttpStatusCode.ServiceUnavailable), ScriptedHandler.Status(HttpStatusCode.OK));
        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Post, "http://registry.test/v2/x/blobs/uploads/"), default);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, inner.Calls);
        Assert.Empty(delays.Delays);
    }

    [Fact]
    public async Task Client_errors_are_not_retried()
    {
        var (invoker, inner, _) = Create(5, ScriptedHandler.Status(HttpStatusCode.NotFound));
        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://registry.test/v2/x/manifests/y"), default);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(1, inner.Calls);
    }
}
