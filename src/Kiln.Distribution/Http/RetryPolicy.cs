namespace Kiln.Distribution.Http;

/// <summary>
/// How idempotent requests are retried (ARCHITECTURE.md decision 7): on 429, 5xx and connection failures, at most
/// <see cref="MaxAttempts"/> tries, exponential backoff from <see cref="BaseDelay"/> with full jitter up to
/// <see cref="MaxDelay"/>, or the server's <c>Retry-After</c> (capped at <see cref="MaxRetryAfter"/>).
/// </summary>
public sealed record RetryPolicy
{
    public int MaxAttempts { get; init; } = 5;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The clock a <c>Retry-After</c> date is measured against.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where waiting happens (tests pass a recording source).</summary>
    public IDelaySource Delay { get; init; } = new TimeProviderDelaySource(TimeProvider.System);

    /// <summary>The backoff before attempt <paramref name="attempt"/>+1 (attempt counts from 1), with jitter in [50%, 100%].</summary>
    public TimeSpan Backoff(int attempt)
    {
        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 16));
        var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() / 2)));
    }
}
