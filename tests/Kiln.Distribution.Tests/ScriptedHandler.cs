using System.Net;

namespace Kiln.Distribution.Tests;

/// <summary>The innermost handler of a retry unit test: answers from a script (a status per call, or an exception).</summary>
internal sealed class ScriptedHandler(params Func<HttpResponseMessage>[] answers) : HttpMessageHandler
{
    public int Calls { get; private set; }

    public static Func<HttpResponseMessage> Status(HttpStatusCode status, TimeSpan? retryAfter = null) => () =>
    {
        var response = new HttpResponseMessage(status) { Content = new ByteArrayContent([]) };
        if (retryAfter is { } after)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(after);
        }

        return response;
    };

    public static Func<HttpResponseMessage> Reset() => () => throw new HttpRequestException(HttpRequestError.ConnectionError, "connection reset by peer");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var answer = answers[Math.Min(Calls, answers.Length - 1)];
        Calls++;
        return Task.FromResult(answer());
    }
}
