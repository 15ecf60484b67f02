using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Kiln.Build.Progress;

namespace Kiln.Cli.Rendering.Progress;

/// <summary>
/// Serialises a renderer: <see cref="Post"/> (any thread, never blocks) queues an event and one consumer task hands
/// the events to the renderer's handler in the order they were reported, with clock ticks between them when a tick
/// interval is given. When stderr goes away (<see cref="IOException"/>, a closed pipe) rendering stops quietly and
/// the build goes on; any other failure of the handler surfaces from <see cref="CompleteAsync"/>.
/// </summary>
internal sealed class ProgressPump
{
    private readonly Channel<QueuedEvent> channel =
        Channel.CreateUnbounded<QueuedEvent>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Action<QueuedEvent> handle;
    private readonly TimeProvider timeProvider;
    private readonly ITimer? ticker;
    private readonly Task consumer;
    private volatile bool broken;
    private ExceptionDispatchInfo? failure;

    public ProgressPump(Action<QueuedEvent> handle, TimeProvider timeProvider, TimeSpan? tickInterval = null)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentNullException.ThrowIfNull(timeProvider);
        this.handle = handle;
        this.timeProvider = timeProvider;
        consumer = Task.Run(ConsumeAsync);
        if (tickInterval is { } interval)
        {
            ticker = timeProvider.CreateTimer(
                static state =>
                {
                    var pump = (ProgressPump)state!;
                    pump.channel.Writer.TryWrite(new QueuedEvent(null, pump.timeProvider.GetUtcNow()));
                },
                this, interval, interval);
        }
    }

    /// <summary>True once writing failed with an <see cref="IOException"/>: the renderer should not write any more.</summary>
    public bool Broken => broken;

    /// <summary>Queues <paramref name="buildEvent"/>; ignored after <see cref="CompleteAsync"/> or when rendering stopped.</summary>
    public void Post(BuildEvent buildEvent)
    {
        ArgumentNullException.ThrowIfNull(buildEvent);
        if (!broken)
        {
            channel.Writer.TryWrite(new QueuedEvent(buildEvent, timeProvider.GetUtcNow()));
        }
    }

    /// <summary>Stops taking events and waits until every queued one was handled.</summary>
    public async Task CompleteAsync()
    {
        if (ticker is not null)
        {
            await ticker.DisposeAsync().ConfigureAwait(false);
        }

        channel.Writer.TryComplete();
        await consumer.ConfigureAwait(false);
        failure?.Throw();
    }

    /// <summary>Runs <paramref name="write"/> unless rendering stopped; an <see cref="IOException"/> stops it.</summary>
    public void Guard(Action write)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (broken)
        {
            return;
        }

        try
        {
            write();
        }
        catch (IOException)
        {
            broken = true;
        }
    }

    private async Task ConsumeAsync()
    {
        await foreach (var item in channel.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (broken)
            {
                continue;
            }

            try
            {
                Guard(() => handle(item));
            }
            catch (Exception e)
            {
                // A renderer bug must not stop the build or let the queue grow: stop drawing, report it at the end.
                failure = ExceptionDispatchInfo.Capture(e);
                broken = true;
            }
        }
    }
}
