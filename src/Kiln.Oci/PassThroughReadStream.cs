namespace Kiln.Oci;

/// <summary>
/// A read-only, forward-only view of another stream that decides what its disposal takes along: the inner stream
/// (unless <c>leaveOpen</c>) and whatever else the view owns (<c>alsoDispose</c>: an HTTP response behind a body, the
/// source a decoder reads from). One type for the three uses that each had their own copy: a registry response body,
/// a decoder over its source, and a view that must not close the caller's stream.
/// </summary>
public sealed class PassThroughReadStream(Stream inner, bool leaveOpen = false, IDisposable? alsoDispose = null) : ReadOnlyStream
{
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => inner.Read(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.ReadAsync(buffer, offset, count, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (!leaveOpen)
            {
                inner.Dispose();
            }

            alsoDispose?.Dispose();
        }

        base.Dispose(disposing);
    }
}
