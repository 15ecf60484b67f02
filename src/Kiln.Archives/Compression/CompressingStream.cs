namespace Kiln.Archives.Compression;

/// <summary>
/// The write-only, forward-only stream shape every compressor here shares: no reading or seeking, a
/// <see cref="Position"/> that counts uncompressed bytes written, and <see cref="Flush"/> as a no-op
/// because a flush would change the compressed bytes (chunk and block boundaries are fixed by the input
/// alone, which keeps layer digests reproducible).
/// </summary>
internal abstract class CompressingStream : Stream
{
    /// <summary>Uncompressed bytes accepted so far.</summary>
    protected long BytesWritten { get; set; }

    /// <summary>True once the trailer is written or the stream is disposed.</summary>
    protected bool Finished { get; set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !Finished;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesWritten;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public abstract override void Write(ReadOnlySpan<byte> buffer);

    /// <summary>Intentionally a no-op: flushing would make the output depend on write timing.</summary>
    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
