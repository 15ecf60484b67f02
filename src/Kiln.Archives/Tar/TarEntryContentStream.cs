using Kiln.Oci;

namespace Kiln.Archives.Tar;

/// <summary>
/// The data of the current <see cref="TarReader"/> entry: a forward-only view that ends at the entry's size and
/// throws <see cref="TarFormatException"/> if the archive ends first. Invalid once the reader moves on.
/// </summary>
internal sealed class TarEntryContentStream : ReadOnlyStream
{
    private readonly TarReader _reader;
    private readonly string _entryPath;
    private readonly long _length;

    internal TarEntryContentStream(TarReader reader, string entryPath, long length)
    {
        _reader = reader;
        _entryPath = entryPath;
        _length = length;
        Remaining = length;
    }

    internal long Remaining { get; private set; }

    internal bool Detached { get; set; }

    public override long Length => _length;

    public override long Position => _length - Remaining;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(Detached, this);
        if (Remaining == 0 || buffer.IsEmpty)
        {
            return 0;
        }

        var want = (int)Math.Min(buffer.Length, Remaining);
        var read = _reader.ReadRaw(buffer[..want]);
        if (read == 0)
        {
            throw new TarFormatException($"archive truncated: {Remaining} of {_length} content bytes missing", _reader.Offset, _entryPath);
        }

        Remaining -= read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Detached, this);
        if (Remaining == 0 || buffer.IsEmpty)
        {
            return 0;
        }

        var want = (int)Math.Min(buffer.Length, Remaining);
        var read = await _reader.ReadRawAsync(buffer[..want], cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            throw new TarFormatException($"archive truncated: {Remaining} of {_length} content bytes missing", _reader.Offset, _entryPath);
        }

        Remaining -= read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
}
