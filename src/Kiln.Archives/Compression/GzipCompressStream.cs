using System.Buffers;
using System.IO.Compression;
using System.IO.Hashing;

namespace Kiln.Archives.Compression;

/// <summary>
/// Single-threaded gzip compression (RFC 1952) with a deterministic header (<see cref="GzipFormat"/>): one
/// member, one deflate stream from the in-box zlib. zlib-ng's output depends on how input is handed to it,
/// so input is staged and given to the deflater in fixed-size blocks, and Flush (see <see cref="CompressingStream"/>) does not end a
/// deflate block: the output depends only on the bytes written and the level, never on write sizes or flushes.
/// </summary>
internal sealed class GzipCompressStream : CompressingStream
{
    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private readonly int _level;
    private const int BlockSize = 128 * 1024;

    private readonly Crc32 _crc = new();
    private byte[] _block = [];
    private int _filled;
    private DeflateStream? _deflate;
    private bool _faulted;

    public GzipCompressStream(Stream inner, int level, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _ = GzipFormat.Options(level);
        _inner = inner;
        _level = level;
        _leaveOpen = leaveOpen;
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(Finished, this);
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
            BytesWritten += buffer.Length;
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

    protected override void Dispose(bool disposing)
    {
        if (disposing && !Finished)
        {
            Finished = true;
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

                    GzipFormat.WriteTrailer(_inner, _crc.GetCurrentHashAsUInt32(), BytesWritten);
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
