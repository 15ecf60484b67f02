namespace Kiln.Oci;

/// <summary>
/// The shape every forward-only read stream here shares: readable, never seekable or writable, <see cref="Flush"/> a
/// no-op, and <see cref="Length"/> and <see cref="Position"/> unsupported unless a derived type has a meaningful value
/// for them (it overrides the getter; setting the position always throws). Derived types implement only their reads
/// and their disposal.
/// </summary>
public abstract class ReadOnlyStream : Stream
{
    public override bool CanRead => true;

    public sealed override bool CanSeek => false;

    public sealed override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>A no-op: nothing is ever written.</summary>
    public sealed override void Flush()
    {
    }

    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public sealed override void SetLength(long value) => throw new NotSupportedException();

    public sealed override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public sealed override void Write(ReadOnlySpan<byte> buffer) => throw new NotSupportedException();
}
