using System.Net;

namespace Kiln.Distribution.Http;

/// <summary>
/// Retries idempotent requests on 429, 500, 502, 503, 504 and connection failures (<see cref="RetryPolicy"/>),
/// honouring <c>Retry-After</c>. Other requests pass through once: uploads retry at the operation level.
/// </summary>
internal sealed class RetryHandler(RetryPolicy policy) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!RegistryRequestOptions.IsIdempotent(request) || !RegistryRequestOptions.CanResend(request))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (attempt < policy.MaxAttempts && !cancellationToken.IsCancellationRequested && IsTransient(e))
            {
                await policy.Delay.DelayAsync(policy.Backoff(attempt), cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (attempt >= policy.MaxAttempts || !IsRetryableStatus(response.StatusCode))
            {
                return response;
            }

            var delay = RetryAfter(response) ?? policy.Backoff(attempt);
            response.Dispose();
            await policy.Delay.DelayAsync(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    internal static bool IsRetryableStatus(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>Connection refused/reset and broken responses; TLS and name resolution failures are not transient.</summary>
    internal static bool IsTransient(HttpRequestException error) => error.HttpRequestError is
        HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse or HttpRequestError.Unknown;

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        TimeSpan? delay = header?.Delta ?? (header?.Date is { } date ? date - policy.TimeProvider.GetUtcNow() : null);
        if (delay is not { } value)
        {
            return null;
        }

        return value < TimeSpan.Zero ? TimeSpan.Zero : value > policy.MaxRetryAfter ? policy.MaxRetryAfter : value;
    }
}
