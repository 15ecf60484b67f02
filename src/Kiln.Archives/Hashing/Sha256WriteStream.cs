using System.Security.Cryptography;

namespace Kiln.Archives.Hashing;

/// <summary>
/// A write-through stream that hashes everything written (SHA-256) and counts it, so a layer's diffID or
/// digest is known in the same pass that writes it. The digest string is <c>sha256:&lt;lowercase hex&gt;</c>
/// (OCI image-spec "Digests"); it moves to <c>Kiln.Oci.Digest</c> once that type exists.
/// </summary>
public sealed class Sha256WriteStream : Stream
{
    private readonly Stream? _inner;
    private readonly bool _leaveOpen;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private string? _digest;

    /// <summary>Hashes and forwards to <paramref name="inner"/>; with null, only hashes.</summary>
    public Sha256WriteStream(Stream? inner = null, bool leaveOpen = false)
    {
        _inner = inner;
        _leaveOpen = leaveOpen;
    }

    public long BytesWritten { get; private set; }

    /// <summary>The digest of everything written; after the first call, further writes are refused.</summary>
    public string Digest => _digest ??= "sha256:" + Convert.ToHexStringLower(_hash.GetHashAndReset());

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => BytesWritten;

    public override long Position
    {
        get => BytesWritten;
        set => throw new NotSupportedException();
    }

    /// <summary>The SHA-256 digest string of a byte span.</summary>
    public static string Compute(ReadOnlySpan<byte> data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>The SHA-256 digest string of a stream's remaining content.</summary>
    public static string Compute(Stream data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_digest is not null)
        {
            throw new InvalidOperationException("the digest was already taken");
        }

        _hash.AppendData(buffer);
        BytesWritten += buffer.Length;
        _inner?.Write(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_digest is not null)
        {
            throw new InvalidOperationException("the digest was already taken");
        }

        _hash.AppendData(buffer.Span);
        BytesWritten += buffer.Length;
        if (_inner is not null)
        {
            await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => _inner?.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            if (!_leaveOpen)
            {
                _inner?.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
