using Kiln.Oci;
using Kiln.Storage.Errors;

namespace Kiln.Storage.Blobs;

/// <summary>
/// A read-only stream over a stored blob that hashes every byte and, on reaching the end, checks the digest and size
/// against what the blob's name and descriptor promise (OCI image-spec descriptor.md "Digests": consumers verify
/// content). A mismatch throws <see cref="BlobCorruptedException"/> from the read that hit the end.
/// </summary>
internal sealed class VerifyingReadStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly ContentVerifier _verifier;

    public VerifyingReadStream(Stream inner, Digest expected, long? expectedSize, string path)
    {
        _inner = inner;
        _verifier = new ContentVerifier(expected, expectedSize,
            (actual, actualSize) => new BlobCorruptedException(path, expected, expectedSize, actual, actualSize));
    }

    public override long Length => _inner.Length;

    public override long Position => _verifier.BytesHashed;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = _inner.Read(buffer);
        return Account(buffer[..read], buffer.Length);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span[..read], buffer.Length);
    }

    private int Account(ReadOnlySpan<byte> data, int requested)
    {
        _verifier.Append(data);

        // A zero-length read returns 0 without being the end.
        if (data.Length == 0 && requested > 0)
        {
            _verifier.Complete();
        }

        return data.Length;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _verifier.Dispose();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
