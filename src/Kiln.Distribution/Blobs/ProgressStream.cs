using Kiln.Oci;

namespace Kiln.Distribution.Blobs;

/// <summary>
/// A read-only pass-through stream reporting the bytes read so far: upload progress here, download progress in the
/// puller. The caller owns the inner stream.
/// </summary>
public sealed class ProgressStream(Stream inner, IProgress<long>? progress, long length) : ReadOnlyStream
{
    private long _position;

    public override long Length => length;

    public override long Position => _position;

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false));

    protected override void Dispose(bool disposing)
    {
        // The caller owns the inner stream.
        base.Dispose(disposing);
    }

    private int Count(int read)
    {
        _position += read;
        progress?.Report(_position);
        return read;
    }
}
