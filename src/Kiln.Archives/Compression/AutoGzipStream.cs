namespace Kiln.Archives.Compression;

/// <summary>
/// gzip that picks its layout from the input size (<see cref="GzipParallelism.Auto"/>): up to the threshold
/// the input is held in memory (bounded by the threshold); if the input ends there it becomes one classic
/// deflate stream (<see cref="GzipCompressStream"/>), otherwise it and the rest go to <see cref="ParallelGzipStream"/>.
/// The choice depends only on the input length, so the output stays deterministic.
/// </summary>
internal sealed class AutoGzipStream : Stream
{
    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private readonly CompressionOptions _options;
    private MemoryStream? _held = new();
    private Stream? _parallel;
    private long _length;
    private bool _finished;
    private bool _faulted;

    public AutoGzipStream(Stream inner, CompressionOptions options, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(options);
        _ = GzipFormat.Options(options.EffectiveLevel);
        _inner = inner;
        _options = options;
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
        try
        {
            _length += buffer.Length;
            if (_parallel is not null)
            {
                _parallel.Write(buffer);
                return;
            }

            _held!.Write(buffer);
            if (_held.Length > _options.ParallelThreshold)
            {
                _parallel = new ParallelGzipStream(_inner, _options.EffectiveLevel, _options.ChunkSize, _options.EffectiveWorkers, leaveOpen: true);
                _parallel.Write(_held.GetBuffer().AsSpan(0, (int)_held.Length));
                _held = null;
            }
        }
        catch
        {
            _faulted = true;
            throw;
        }
    }

    /// <summary>Intentionally a no-op (see <see cref="GzipCompressStream.Flush"/>).</summary>
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
                if (_parallel is not null)
                {
                    _parallel.Dispose();
                }
                else if (!_faulted && _held is not null)
                {
                    using var single = new GzipCompressStream(_inner, _options.EffectiveLevel, leaveOpen: true);
                    single.Write(_held.GetBuffer().AsSpan(0, (int)_held.Length));
                }
            }
            finally
            {
                _held = null;
                if (!_leaveOpen)
                {
                    _inner.Dispose();
                }
            }
        }

        base.Dispose(disposing);
    }
}
