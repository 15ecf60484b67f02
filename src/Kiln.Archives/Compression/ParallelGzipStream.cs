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
internal sealed class ParallelGzipStream : CompressingStream
{
    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private readonly int _level;
    private readonly int _chunkSize;
    private readonly int _maxInFlight;
    private readonly Crc32 _crc = new();
    private readonly Queue<Task<(byte[] Buffer, int Length, bool Pooled)>> _pending = new();
    private byte[] _chunk;
    private int _filled;
    private bool _headerWritten;
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

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(Finished, this);
        try
        {
            _crc.Append(buffer);
            BytesWritten += buffer.Length;
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
        if (chunk.Pooled)
        {
            ArrayPool<byte>.Shared.Return(chunk.Buffer);
        }
    }

    // The output goes into a pooled buffer big enough for deflate's worst case (stored blocks: 5 bytes per 64 KiB), so a
    // long layer does not leave a large-object-heap array per chunk for the GC to find.
    private static (byte[] Buffer, int Length, bool Pooled) Compress(byte[] data, int count, int level, bool final)
    {
        try
        {
            if (count == 0)
            {
                // Only the last chunk can be empty (input empty or a multiple of the chunk size).
                return (GzipFormat.EmptyDeflate.ToArray(), GzipFormat.EmptyDeflate.Length, false);
            }

            var rented = ArrayPool<byte>.Shared.Rent(count + (count >> 10) + 4096);
            try
            {
                var length = Deflate(new MemoryStream(rented, 0, rented.Length, writable: true, publiclyVisible: true), data, count, level, final);
                return (rented, length, true);
            }
            catch (NotSupportedException)
            {
                // Larger than the bound (never expected): an expandable buffer instead.
                ArrayPool<byte>.Shared.Return(rented);
                var output = new MemoryStream(count + 4096);
                var length = Deflate(output, data, count, level, final);
                return (output.GetBuffer(), length, false);
            }
        }
        finally
        {
            if (data.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(data);
            }
        }
    }

    // Returns how many bytes of output belong to the chunk.
    private static int Deflate(MemoryStream output, byte[] data, int count, int level, bool final)
    {
        long keep;
        using (var deflate = new DeflateStream(output, GzipFormat.Options(level), leaveOpen: true))
        {
            deflate.Write(data, 0, count);
            if (!final)
            {
                // DeflateStream.Flush is Z_SYNC_FLUSH: all input out, byte-aligned, no final block.
                // What Dispose appends after it (the final empty block) is cut off below.
                deflate.Flush();
                keep = output.Position;
            }
            else
            {
                keep = -1;
            }
        }

        return (int)(keep < 0 ? output.Position : keep);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !Finished)
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

                    GzipFormat.WriteTrailer(_inner, _crc.GetCurrentHashAsUInt32(), BytesWritten);
                    _inner.Flush();
                }
            }
            finally
            {
                Finished = true;
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
