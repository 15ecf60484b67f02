using System.Buffers;
using System.IO.Compression;
using System.IO.Hashing;

namespace Kiln.Archives.Compression;

/// <summary>
/// Single-threaded gzip compression (RFC 1952) with a deterministic header (<see cref="GzipFormat"/>): one
/// member, one deflate stream from the in-box zlib. zlib-ng's output depends on how input is handed to it,
/// so input is staged and given to the deflater in fixed-size blocks, and <see cref="Flush"/> does not end a
/// deflate block: the output depends only on the bytes written and the level, never on write sizes or flushes.
/// </summary>
internal sealed class GzipCompressStream : Stream
{
    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private readonly int _level;
    private const int BlockSize = 128 * 1024;

    private readonly Crc32 _crc = new();
    private byte[] _block = [];
    private int _filled;
    private DeflateStream? _deflate;
    private long _length;
    private bool _finished;
    private bool _faulted;

    public GzipCompressStream(Stream inner, int level, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _ = GzipFormat.Options(level);
        _inner = inner;
        _level = level;
        _leaveOpen = leaveOpen;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_finished;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (buffer.IsEmpty)
        {
            return;
        }

        try
        {
            if (_deflate is null)
            {
                GzipFormat.WriteHeader(_inner, _level);
                _deflate = new DeflateStream(_inner, GzipFormat.Options(_level), leaveOpen: true);
                _block = ArrayPool<byte>.Shared.Rent(BlockSize);
            }

            _crc.Append(buffer);
            _length += buffer.Length;
            while (!buffer.IsEmpty)
            {
                var n = Math.Min(buffer.Length, BlockSize - _filled);
                buffer[..n].CopyTo(_block.AsSpan(_filled));
                _filled += n;
                buffer = buffer[n..];
                if (_filled == BlockSize)
                {
                    _deflate.Write(_block, 0, BlockSize);
                    _filled = 0;
                }
            }
        }
        catch
        {
            _faulted = true;
            throw;
        }
    }

    /// <summary>Intentionally does not flush the deflater (a sync flush would change the output).</summary>
    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_finished)
        {
            _finished = true;
            try
            {
                if (!_faulted)
                {
                    if (_deflate is null)
                    {
                        GzipFormat.WriteHeader(_inner, _level);
                        _inner.Write(GzipFormat.EmptyDeflate);
                    }
                    else
                    {
                        _deflate.Write(_block, 0, _filled);
                        _deflate.Dispose();
                    }

                    GzipFormat.WriteTrailer(_inner, _crc.GetCurrentHashAsUInt32(), _length);
                    _inner.Flush();
                }
            }
            finally
            {
                _deflate?.Dispose();
                if (_block.Length > 0)
                {
                    ArrayPool<byte>.Shared.Return(_block);
                    _block = [];
                }

                if (!_leaveOpen)
                {
                    _inner.Dispose();
                }
            }
        }

        base.Dispose(disposing);
    }
}
