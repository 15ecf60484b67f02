namespace Kiln.Distribution.Http;

/// <summary>Waits between retries; injectable so unit tests record delays instead of sleeping.</summary>
public interface IDelaySource
{
    Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken);
}
