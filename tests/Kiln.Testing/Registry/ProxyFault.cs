namespace Kiln.Testing.Registry;

/// <summary>
/// One programmed fault: applies to requests whose method is <see cref="Method"/> (or <c>*</c>) and whose path and query
/// contain <see cref="PathContains"/>, the next <see cref="Times"/> times.
/// </summary>
public sealed record ProxyFault(FaultKind Kind, string Method, string PathContains, int Times = 1)
{
    /// <summary>The <c>Retry-After</c> seconds of <see cref="FaultKind.TooManyRequests"/>.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>The pause between pieces of <see cref="FaultKind.SlowBody"/>.</summary>
    public TimeSpan SlowPause { get; init; } = TimeSpan.FromMilliseconds(20);
}
