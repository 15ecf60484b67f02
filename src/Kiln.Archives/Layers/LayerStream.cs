using System.Buffers;
using Kiln.Oci;

namespace Kiln.Archives.Layers;

/// <summary>
/// The uncompressed tar of a layer blob, read forward only. Every byte read is hashed into the diffID; when
/// the stream ends (a read returns 0, or <see cref="Complete"/> drains it) the diffID and, if a descriptor
/// was given, the blob digest and size are checked, and a mismatch throws
/// <see cref="LayerDigestMismatchException"/>. A tar reader stops at the end-of-archive marker, so call
/// <see cref="Complete"/> after it to cover the padding too.
/// </summary>
public sealed class LayerStream : ReadOnlyStream
{
    private const int DrainBufferSize = 128 * 1024;

    private readonly DigestingStream _compressed;
    private readonly Stream _decompressed;
    private readonly DigestHasher _diffId = new();
    private readonly LayerReadOptions _options;
    private Digest? _result;
    private LayerDigestMismatchException? _failure;
    private bool _disposed;

    internal LayerStream(DigestingStream compressed, Stream decompressed, Kiln.Oci.Compression compression, LayerReadOptions options)
    {
        _compressed = compressed;
        _decompressed = decompressed;
        _options = options;
        Compression = compression;
    }

    /// <summary>The compression detected from the blob's magic bytes.</summary>
    public Kiln.Oci.Compression Compression { get; }

    /// <summary>Uncompressed bytes read so far.</summary>
    public long UncompressedBytes => _diffId.BytesHashed;

    /// <summary>Compressed bytes consumed so far.</summary>
    public long CompressedBytes => _compressed.BytesProcessed;

    /// <summary>The diffID, once the end was reached (null before).</summary>
    public Digest? DiffId => _result;

    /// <summary>The blob digest, valid once the end was reached.</summary>
    public Digest BlobDigest => _compressed.Digest;

    /// <summary>Reads what is left, verifies, and returns the diffID.</summary>
    /// <exception cref="LayerDigestMismatchException">The content does not match the expected digests.</exception>
    public Digest Complete()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_failure is not null)
        {
            throw _failure;
        }

        if (_result is { } done)
        {
            return done;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(DrainBufferSize);
        try
        {
            while (Read(buffer, 0, DrainBufferSize) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return _result!.Value;
    }

    public override bool CanRead => !_disposed;

    public override long Position => UncompressedBytes;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_failure is not null)
        {
            throw _failure;
        }

        if (_result is not null || buffer.IsEmpty)
        {
            return 0;
        }

        var read = _decompressed.Read(buffer);
        if (read == 0)
        {
            Finish();
            return 0;
        }

        _diffId.Append(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_failure is not null)
        {
            throw _failure;
        }

        if (_result is not null || buffer.IsEmpty)
        {
            return 0;
        }

        var read = await _decompressed.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            Finish();
            return 0;
        }

        _diffId.Append(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private void Finish()
    {
        // The decompressor may stop before the blob does (trailing bytes after the last frame): the blob
        // digest covers every byte of the blob, so read the rest.
        var buffer = ArrayPool<byte>.Shared.Rent(DrainBufferSize);
        try
        {
            while (_compressed.Read(buffer, 0, DrainBufferSize) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var diffId = _diffId.GetCurrentDigest();
        _result = diffId;
        _failure = Verify(diffId);
        if (_failure is not null)
        {
            throw _failure;
        }
    }

    private LayerDigestMismatchException? Verify(Digest diffId)
    {
        if (_options.ExpectedDiffId is { IsEmpty: false } expected && expected != diffId)
        {
            return LayerDigestMismatchException.Digests("diffID", expected, diffId);
        }

        if (_options.ExpectedBlob is { } blob)
        {
            if (blob.Size != _compressed.BytesProcessed)
            {
                return new LayerDigestMismatchException("size", blob.Size.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    _compressed.BytesProcessed.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            if (!blob.Digest.IsEmpty && blob.Digest != _compressed.Digest)
            {
                return LayerDigestMismatchException.Digests("digest", blob.Digest, _compressed.Digest);
            }
        }

        return null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _decompressed.Dispose();
            _compressed.Dispose();
            _diffId.Dispose();
        }

        base.Dispose(disposing);
    }
}
