using System.Buffers;
using System.IO.Compression;
using System.IO.Hashing;

namespace Kiln.Archives.Compression;

/// <summary>
/// Parallel gzip (issue 3: "a parallel compressor for large layers") in pigz's layout: ONE gzip member
/// (RFC 1952) whose deflate stream (RFC 1951) is the concatenation of independently compressed fixed-size
/// chunks. Every chunk but the last ends with a sync flush (an empty stored block, byte-aligned, not final);
/// the last ends the stream. CRC-32 and ISIZE cover the whole input. Chunks are compressed on the thread
/// pool, at most <c>2 × workers</c> in flight (bounded memory), and written in input order, so the bytes
/// depend only on input, level and chunk size, not on the number of workers or on write sizes.
/// </summary>
internal sealed class ParallelGzipStream : Stream
{
    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private readonly int _level;
    private readonly int _chunkSize;
    private readonly int _maxInFlight;
    private readonly Crc32 _crc = new();
    private readonly Queue<Task<(byte[] Buffer, int Length)>> _pending = new();
    private byte[] _chunk;
    private int _filled;
    private long _length;
    private bool _headerWritten;
    private bool _finished;
    private bool _faulted;

    public ParallelGzipStream(Stream inner, int level, int chunkSize, int workers, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 64 * 1024);
        _ = GzipFormat.Options(level);
        _inner = inner;
        _level = level;
        _chunkSize = chunkSize;
        _maxInFlight = Math.Max(2, 2 * workers);
        _leaveOpen = leaveOpen;
        _chunk = ArrayPool<byte>.Shared.Rent(chunkSize);
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
        try
        {
            _crc.Append(buffer);
            _length += buffer.Length;
            while (!buffer.IsEmpty)
            {
                var n = Math.Min(buffer.Length, _chunkSize - _filled);
                buffer[..n].CopyTo(_chunk.AsSpan(_filled));
                _filled += n;
                buffer = buffer[n..];
                if (_filled == _chunkSize)
                {
                    Submit(final: false);
                }
            }
        }
        catch
        {
            _faulted = true;
            throw;
        }
    }

    /// <summary>Intentionally a no-op: chunk boundaries are fixed by <c>chunkSize</c> alone.</summary>
    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Submit(bool final)
    {
        while (_pending.Count >= _maxInFlight)
        {
            WriteOldest();
        }

        var data = _chunk;
        var count = _filled;
        var level = _level;
        _pending.Enqueue(Task.Run(() => Compress(data, count, level, final)));
        _chunk = final ? [] : ArrayPool<byte>.Shared.Rent(_chunkSize);
        _filled = 0;
    }

    private void WriteOldest()
    {
        var chunk = _pending.Dequeue().GetAwaiter().GetResult();
        if (!_headerWritten)
        {
            GzipFormat.WriteHeader(_inner, _level);
            _headerWritten = true;
        }

        _inner.Write(chunk.Buffer, 0, chunk.Length);
    }

    private static (byte[] Buffer, int Length) Compress(byte[] data, int count, int level, bool final)
    {
        try
        {
            if (count == 0)
            {
                // Only the last chunk can be empty (input empty or a multiple of the chunk size).
                return (GzipFormat.EmptyDeflate.ToArray(), GzipFormat.EmptyDeflate.Length);
            }

            var output = new MemoryStream(count / 2 + 4096);
            long keep;
            using (var deflate = new DeflateStream(output, GzipFormat.Options(level), leaveOpen: true))
            {
                deflate.Write(data, 0, count);
                if (!final)
                {
                    // DeflateStream.Flush is Z_SYNC_FLUSH: all input out, byte-aligned, no final block.
                    // What Dispose appends after it (the final empty block) is cut off below.
                    deflate.Flush();
                    keep = output.Length;
                }
                else
                {
                    keep = -1;
                }
            }

            return (output.GetBuffer(), (int)(keep < 0 ? output.Length : keep));
        }
        finally
        {
            if (data.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(data);
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_finished)
        {
            try
            {
                if (!_faulted)
                {
                    Submit(final: true);
                    while (_pending.Count > 0)
                    {
                        WriteOldest();
                    }

                    GzipFormat.WriteTrailer(_inner, _crc.GetCurrentHashAsUInt32(), _length);
                    _inner.Flush();
                }
            }
            finally
            {
                _finished = true;
                DrainAfterFault();
                if (_chunk.Length > 0)
                {
                    ArrayPool<byte>.Shared.Return(_chunk);
                    _chunk = [];
                }

                if (!_leaveOpen)
                {
                    _inner.Dispose();
                }
            }
        }

        base.Dispose(disposing);
    }

    private void DrainAfterFault()
    {
        while (_pending.Count > 0)
        {
            try
            {
                _pending.Dequeue().Wait();
            }
            catch (AggregateException)
            {
                // The stream is already failing; the first error was thrown to the writer.
            }
        }
    }
}
