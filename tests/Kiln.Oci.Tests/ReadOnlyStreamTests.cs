namespace Kiln.Oci.Tests;

public sealed class ReadOnlyStreamTests
{
    [Fact]
    public async Task Rejects_writes_seeks_and_length_changes()
    {
        using var stream = new PassThroughReadStream(new MemoryStream("abc"u8.ToArray()));

        Assert.True(stream.CanRead);
        Assert.False(stream.CanSeek);
        Assert.False(stream.CanWrite);
        Assert.Throws<NotSupportedException>(() => stream.Write([1, 2], 0, 2));
        Assert.Throws<NotSupportedException>(() => stream.Write("x"u8));
        Assert.Throws<NotSupportedException>(() => stream.WriteByte(1));
        await Assert.ThrowsAsync<NotSupportedException>(async () => await stream.WriteAsync(new byte[] { 1 }));
        Assert.Throws<NotSupportedException>(() => stream.Seek(0, SeekOrigin.Begin));
        Assert.Throws<NotSupportedException>(() => stream.SetLength(1));
        Assert.Throws<NotSupportedException>(() => stream.Position = 0);
        stream.Flush();
        await stream.FlushAsync();

        var read = new byte[3];
        Assert.Equal(3, stream.ReadAtLeast(read, 3));
        Assert.Equal("abc"u8.ToArray(), read);
    }

    [Fact]
    public void Length_and_position_are_unsupported_unless_a_derived_type_gives_them()
    {
        using var plain = new PassThroughReadStream(Stream.Null);
        Assert.Throws<NotSupportedException>(() => plain.Length);
        Assert.Throws<NotSupportedException>(() => plain.Position);

        using var counting = new CountingStream(new MemoryStream(new byte[5]));
        Assert.Equal(2, counting.Read(new byte[2], 0, 2));
        Assert.Equal(5, counting.Length);
        Assert.Equal(2, counting.Position);
        Assert.Throws<NotSupportedException>(() => counting.Position = 0);
    }

    /// <summary>A read-only view of a memory stream that reports its length and position.</summary>
    private sealed class CountingStream(MemoryStream inner) : ReadOnlyStream
    {
        public override long Length => inner.Length;

        public override long Position => inner.Position;

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
    }
}
