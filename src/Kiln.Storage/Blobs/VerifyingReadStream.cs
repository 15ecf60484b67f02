using Kiln.Oci;
using Kiln.Storage.Errors;

namespace Kiln.Storage.Blobs;

/// <summary>
/// A read-only stream over a stored blob that hashes every byte and, on reaching the end, checks the digest and size
/// against what the blob's name and descriptor promise (OCI image-spec descriptor.md "Digests": consumers verify
/// content). A mismatch throws <see cref="BlobCorruptedException"/> from the read that hit the end.
/// </summary>
internal sealed class VerifyingReadStream : Stream
{
    private readonly Stream _inner;
    private readonly DigestHasher _hasher;
    private readonly Digest _expected;
    private readonly long? _expectedSize;
    private readonly string _path;
    private bool _verified;

    public VerifyingReadStream(Stream inner, Digest expected, long? expectedSize, string path)
    {
        _inner = inner;
        _expected = expected;
        _expectedSize = expectedSize;
        _path = path;
        _hasher = new DigestHasher(expected.Algorithm);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _inner.Length;

    public override long Position
    {
        get => _hasher.BytesHashed;
        set => throw new NotSupportedException();
    }

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
        _hasher.Append(data);
        if (_expectedSize is { } size && _hasher.BytesHashed > size)
        {
            throw new BlobCorruptedException(_path, _expected, size, null, _hasher.BytesHashed);
        }

        if (data.Length == 0 && requested > 0 && !_verified)
        {
            _verified = true;
            var actual = _hasher.GetCurrentDigest();
            if (actual != _expected || (_expectedSize is { } expectedSize && expectedSize != _hasher.BytesHashed))
            {
                throw new BlobCorruptedException(_path, _expected, _expectedSize, actual, _hasher.BytesHashed);
            }
        }

        return data.Length;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hasher.Dispose();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
