namespace Kiln.Distribution.Http;

/// <summary>The real <see cref="IDelaySource"/>: waits on a <see cref="TimeProvider"/>.</summary>
public sealed class TimeProviderDelaySource(TimeProvider timeProvider) : IDelaySource
{
    public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, timeProvider, cancellationToken);
}
