using Kiln.Build.Context;

namespace Kiln.Build.Tests.Context;

/// <summary><see cref="ReadAhead"/>: same items in the same order, the source's failure reaches the consumer, an early stop stops the source.</summary>
public sealed class ReadAheadTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(10_000)]
    public void Yields_every_item_in_order(int count)
    {
        Assert.Equal(Enumerable.Range(0, count), ReadAhead.Of(Enumerable.Range(0, count)).ToList());
    }

    [Fact]
    public void A_failure_of_the_source_is_thrown_to_the_consumer()
    {
        static IEnumerable<int> Failing()
        {
            for (var i = 0; i < 1000; i++)
            {
                yield return i;
            }

            throw new DirectoryNotFoundException("the directory disappeared");
        }

        var seen = new List<int>();
        var error = Assert.Throws<DirectoryNotFoundException>(() =>
        {
            foreach (var i in ReadAhead.Of(Failing(), batchSize: 100))
            {
                seen.Add(i);
            }
        });

        Assert.Equal("the directory disappeared", error.Message);
        Assert.Equal(Enumerable.Range(0, 1000), seen);
    }

    [Fact]
    public void A_consumer_that_stops_early_stops_the_source()
    {
        var produced = 0;
        var finished = false;
        IEnumerable<int> Endless()
        {
            try
            {
                while (true)
                {
                    yield return Interlocked.Increment(ref produced);
                }
            }
            finally
            {
                finished = true;
            }
        }

        var first = ReadAhead.Of(Endless(), batchSize: 10, batches: 2).Take(5).ToList();

        Assert.Equal([1, 2, 3, 4, 5], first);
        Assert.True(finished, "the source's enumerator is disposed before the consumer's returns");
        Assert.InRange(produced, 5, 10 * 4);
    }

    [Fact]
    public void Cancellation_reaches_the_consumer()
    {
        using var cancel = new CancellationTokenSource();
        IEnumerable<int> Watching()
        {
            for (var i = 0; ; i++)
            {
                cancel.Token.ThrowIfCancellationRequested();
                yield return i;
            }
        }

        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var i in ReadAhead.Of(Watching(), batchSize: 10, cancellationToken: cancel.Token))
            {
                if (i == 50)
                {
                    cancel.Cancel();
                }
            }
        });
    }
}
