using System.Threading.Channels;

namespace Kiln.Build.Context;

/// <summary>
/// Runs an enumeration on another thread, a few batches ahead of its consumer, in the same order: the context walk
/// (<c>getdents</c>, one <c>statx</c> per entry, filters) proceeds on one core while the hasher (stat-cache lookups,
/// the Merkle tree) works through what it already produced on the other. An exception of the source is thrown to the
/// consumer in place of the items after it (the rest of its batch may be lost with it); a consumer that stops early
/// stops the source.
/// </summary>
internal static class ReadAhead
{
    /// <param name="source">The enumeration to run ahead; it is enumerated on the thread pool.</param>
    /// <param name="batchSize">Items handed over at a time (one channel operation per batch, not per item).</param>
    /// <param name="batches">Batches the source may run ahead before it waits for the consumer.</param>
    /// <param name="cancellationToken">Stops the source (which should also watch it).</param>
    public static IEnumerable<T> Of<T>(IEnumerable<T> source, int batchSize = 256, int batches = 8, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var channel = Channel.CreateBounded<List<T>>(new BoundedChannelOptions(batches) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(
            async () =>
            {
                Exception? failure = null;
                try
                {
                    var batch = new List<T>(batchSize);
                    foreach (var item in source)
                    {
                        batch.Add(item);
                        if (batch.Count == batchSize)
                        {
                            await channel.Writer.WriteAsync(batch, stop.Token).ConfigureAwait(false);
                            batch = new List<T>(batchSize);
                        }
                    }

                    if (batch.Count > 0)
                    {
                        await channel.Writer.WriteAsync(batch, stop.Token).ConfigureAwait(false);
                    }
                }
                catch (Exception e)
                {
                    failure = e;
                }
                finally
                {
                    channel.Writer.TryComplete(failure);
                }
            },
            CancellationToken.None);
        try
        {
            // A failure of the source completes the channel with it: WaitToReadAsync throws that very exception.
            while (channel.Reader.WaitToReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
            {
                while (channel.Reader.TryRead(out var batch))
                {
                    foreach (var item in batch)
                    {
                        yield return item;
                    }
                }
            }
        }
        finally
        {
            // Early exit or failure on the consumer's side: stop the source and wait for it to let go.
            stop.Cancel();
            while (channel.Reader.TryRead(out _))
            {
            }

            producer.GetAwaiter().GetResult(); // never faults: the producer hands every failure to the channel
        }
    }
}
