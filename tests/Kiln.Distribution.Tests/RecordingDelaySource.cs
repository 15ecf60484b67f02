using Kiln.Distribution.Http;

namespace Kiln.Distribution.Tests;

/// <summary>A delay source that records the delays asked for and returns at once.</summary>
internal sealed class RecordingDelaySource : IDelaySource
{
    public List<TimeSpan> Delays { get; } = [];

    public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        lock (Delays)
        {
            Delays.Add(delay);
        }

        return Task.CompletedTask;
    }
}
