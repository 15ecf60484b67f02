using Kiln.Distribution.Blobs;
using Kiln.Distribution.Errors;
using Kiln.Oci;

namespace Kiln.Distribution.Tests;

/// <summary>The download stream without a registry: resumes from where a broken body stopped, and verifies.</summary>
public sealed class VerifiedBlobStreamTests
{
    private static readonly byte[] Content = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();

    [Fact]
    public async Task Resumes_from_the_bytes_received_after_a_reset_and_a_short_body()
    {
        var offsets = new List<long>();
        var descriptor = Descriptor.For(MediaTypes.OciLayer, Content);
        await using var stream = new VerifiedBlobStream(new BreakingStream(Content.AsMemory(0, 300), reset: true), (offset, _) =>
        {
            offsets.Add(offset);
            Stream next = offsets.Count == 1
                ? new BreakingStream(Content.AsMemory(300, 400), reset: false)
                : new MemoryStream(Content[(int)offset..]);
            return Task.FromResult(next);
        }, descriptor, "blob", maxResumes: 3);

        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);

        Assert.Equal(Content, copy.ToArray());
        Assert.Equal([300L, 700L], offsets);
        Assert.Equal(2, stream.Resumes);
        Assert.Equal(Content.Length, stream.Position);
    }

    [Fact]
    public async Task Gives_up_after_the_last_resume()
    {
        var descriptor = Descriptor.For(MediaTypes.OciLayer, Content);
        await using var stream = new VerifiedBlobStream(new BreakingStream(Content.AsMemory(0, 10), reset: true),
            (offset, _) => Task.FromResult<Stream>(new BreakingStream(Content.AsMemory((int)offset, 10), reset: true)), descriptor, "blob", maxResumes: 1);

        await Assert.ThrowsAsync<IOException>(() => stream.CopyToAsync(Stream.Null));
        Assert.Equal(1, stream.Resumes);
    }

    [Fact]
    public async Task Throws_as_soon_as_more_bytes_than_the_descriptor_says_arrive()
    {
        var descriptor = Descriptor.For(MediaTypes.OciLayer, Content);
        await using var stream = Unresumable(new MemoryStream([.. Content, 1, 2]), descriptor);

        var e = await Assert.ThrowsAsync<BlobVerificationException>(() => stream.CopyToAsync(Stream.Null));

        Assert.Equal(descriptor.Digest, e.Expected);
        Assert.Equal(default, e.Actual);
        Assert.Contains($"expected {Content.Length} bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Throws_at_the_end_when_the_content_hashes_to_another_digest()
    {
        var descriptor = Descriptor.For(MediaTypes.OciLayer, Content);
        var flipped = Content.ToArray();
        flipped[500] ^= 1;
        await using var stream = Unresumable(new MemoryStream(flipped), descriptor);

        var e = await Assert.ThrowsAsync<BlobVerificationException>(() => stream.CopyToAsync(Stream.Null));

        Assert.Equal(Digest.Compute(flipped), e.Actual);
        Assert.Contains("content hashes to", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_exact_content_synchronously()
    {
        var descriptor = Descriptor.For(MediaTypes.OciLayer, Content);
        using var stream = Unresumable(new MemoryStream(Content), descriptor);
        var copy = new MemoryStream();

        stream.CopyTo(copy);

        Assert.Equal(Content, copy.ToArray());
        Assert.Equal(Content.Length, stream.Length);
    }

    private static VerifiedBlobStream Unresumable(Stream body, Descriptor descriptor) =>
        new(body, (_, _) => throw new InvalidOperationException("no resume expected"), descriptor, "blob", maxResumes: 0);

    /// <summary>Returns <c>data</c>, then a connection reset (<c>reset</c>) or a clean end of the body.</summary>
    private sealed class BreakingStream(ReadOnlyMemory<byte> data, bool reset) : ReadOnlyStream
    {
        private int _offset;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_offset == data.Length)
            {
                return reset && count > 0 ? throw new IOException("connection reset") : 0;
            }

            var n = Math.Min(count, data.Length - _offset);
            data.Span.Slice(_offset, n).CopyTo(buffer.AsSpan(offset, n));
            _offset += n;
            return n;
        }
    }
}
