using Kiln.Distribution.Errors;
using Kiln.Oci;

namespace Kiln.Distribution.Blobs;

/// <summary>
/// A downloading blob's content: hashes and counts every byte, reconnects with <c>Range: bytes=N-</c> when the
/// connection breaks mid-body (at most a few times), and throws <see cref="BlobVerificationException"/> at the end (or as
/// soon as too many bytes arrive) when the content is not the descriptor's. A consumer that stores only what reads to
/// the end without an exception never stores a corrupted blob.
/// </summary>
internal sealed class VerifiedBlobStream : ReadOnlyStream
{
    private readonly Func<long, CancellationToken, Task<Stream>> _reopen;
    private readonly Descriptor _expected;
    private readonly int _maxResumes;
    private readonly ContentVerifier _verifier;
    private Stream _current;
    private int _resumes;

    public VerifiedBlobStream(Stream initial, Func<long, CancellationToken, Task<Stream>> reopen, Descriptor expected, string what, int maxResumes)
    {
        _current = initial;
        _reopen = reopen;
        _expected = expected;
        _maxResumes = maxResumes;
        _verifier = new ContentVerifier(expected.Digest, expected.Size,
            (actual, actualSize) => new BlobVerificationException(what, expected.Digest, expected.Size, actual ?? default, actualSize));
    }

    /// <summary>How often the download was resumed after a broken connection.</summary>
    public int Resumes => _resumes;

    public override long Length => _expected.Size;

    public override long Position => _verifier.BytesHashed;

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            int read;
            try
            {
                read = await _current.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read == 0 && _verifier.BytesHashed < _expected.Size)
                {
                    throw new IOException("the connection ended before the whole blob arrived");
                }
            }
            catch (Exception e) when (e is IOException or HttpRequestException && e is not RegistryException
                && !cancellationToken.IsCancellationRequested && _resumes < _maxResumes)
            {
                _resumes++;
                await _current.DisposeAsync().ConfigureAwait(false);
                _current = Stream.Null;
                _current = await _reopen(_verifier.BytesHashed, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (read == 0)
            {
                _verifier.Complete();
                return 0;
            }

            _verifier.Append(buffer.Span[..read]);
            return read;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current.Dispose();
            _verifier.Dispose();
        }

        base.Dispose(disposing);
    }
}
