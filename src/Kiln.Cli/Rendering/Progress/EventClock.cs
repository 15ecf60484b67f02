namespace Kiln.Cli.Rendering.Progress;

/// <summary>
/// "Now" on the engine's clock, for the times a renderer shows between events (a running step's elapsed time, when
/// to switch steps): the newest event's time plus what the renderer's own clock measured since that event arrived.
/// Events carry the engine's <see cref="TimeProvider"/> time, which need not be the renderer's.
/// </summary>
internal sealed class EventClock
{
    private DateTimeOffset? lastEvent;
    private DateTimeOffset lastReceived;

    /// <summary>The time of the first event, or null before any.</summary>
    public DateTimeOffset? First { get; private set; }

    /// <summary>Records an event stamped <paramref name="eventTime"/> that arrived at <paramref name="receivedAt"/> (renderer's clock).</summary>
    public void Observe(DateTimeOffset eventTime, DateTimeOffset receivedAt)
    {
        First ??= eventTime;
        if (lastEvent is null || eventTime >= lastEvent.Value)
        {
            lastEvent = eventTime;
            lastReceived = receivedAt;
        }
    }

    /// <summary>The engine time matching <paramref name="rendererNow"/>.</summary>
    public DateTimeOffset Now(DateTimeOffset rendererNow)
    {
        if (lastEvent is not { } last)
        {
            return rendererNow;
        }

        var elapsed = rendererNow - lastReceived;
        return elapsed > TimeSpan.Zero ? last + elapsed : last;
    }
}
