using Kiln.Oci;

namespace Kiln.Archives.Compression;

/// <summary>
/// A read-only stream that yields bytes already read (the peeked magic) and then the rest of the inner stream.
/// <see cref="Position"/> reads as the number of bytes read so far: SharpCompress's xz decoder asks for it to find
/// block padding, and failed on every xz archive before.
/// </summary>
internal sealed class PrefixedReadStream(byte[] prefix, Stream inner, bool leaveOpen) : ReadOnlyStream
{
    private int _prefixOffset;
    private long _position;

    public override long Position => _position;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_prefixOffset < prefix.Length && !buffer.IsEmpty)
        {
            var n = Math.Min(buffer.Length, prefix.Length - _prefixOffset);
            prefix.AsSpan(_prefixOffset, n).CopyTo(buffer);
            _prefixOffset += n;
            _position += n;
            return n;
        }

        var read = inner.Read(buffer);
        _position += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_prefixOffset < prefix.Length && !buffer.IsEmpty)
        {
            return Read(buffer.Span);
        }

        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
