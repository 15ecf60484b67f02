namespace Kiln.Oci.Tests;

public sealed class DigestingStreamTests
{
    [Fact]
    public async Task Digests_bytes_read_through_it()
    {
        var content = new byte[100_000];
        new Random(7).NextBytes(content);
        await using var stream = new DigestingStream(new MemoryStream(content));

        await stream.CopyToAsync(Stream.Null);

        Assert.Equal(Digest.Compute(content), stream.Digest);
        Assert.Equal(content.Length, stream.BytesProcessed);
        Assert.Equal(new Descriptor(MediaTypes.OciLayer, Digest.Compute(content), content.Length), stream.ToDescriptor(MediaTypes.OciLayer));
    }

    [Fact]
    public void Digests_bytes_written_through_it_and_leaves_inner_open_when_asked()
    {
        var inner = new MemoryStream();
        using (var stream = new DigestingStream(inner, Digest.Sha512, leaveOpen: true))
        {
            stream.Write("hel"u8);
            stream.Write("lo"u8.ToArray(), 0, 2);
            Assert.Equal(Digest.Compute("hello"u8, Digest.Sha512), stream.Digest);
            Assert.Throws<NotSupportedException>(() => stream.Seek(0, SeekOrigin.Begin));
        }

        Assert.Equal("hello"u8.ToArray(), inner.ToArray());
    }
}
