using System.Runtime.InteropServices;
using Kiln.Linux.Errors;
using Kiln.Linux.Interop;

namespace Kiln.Linux;

/// <summary>
/// A write-only stream that creates a new file and writes it with <c>O_DIRECT</c> in large aligned chunks, past the
/// page cache: a multi-gigabyte layer is written at the disk's speed instead of filling (and, in a VM, faulting in)
/// as much page cache, and the final <c>fsync</c> has little left to flush. Bytes are gathered in one aligned buffer;
/// the last partial chunk is written through the page cache. Where the file system refuses <c>O_DIRECT</c> (tmpfs)
/// the file is written normally. Writes are behind by one chunk: a full chunk is written on the thread pool while the
/// caller fills the other buffer, so the disk's time overlaps with whatever produces the bytes (reading, hashing,
/// compressing); a failed write is thrown from the next call. <see cref="Flush()"/> writes nothing until
/// <see cref="Complete"/>, which waits for the chunk in flight, writes the tail and fsyncs; disposing without
/// completing leaves a partial file for the caller to delete.
/// </summary>
public sealed unsafe class DirectWriteStream : Stream
{
    private const int Alignment = 4096;
    private readonly int fd;
    private readonly int chunkSize;
    private byte* buffer;
    private byte* spare;
    private Task? inFlight;
    private int filled;
    private long submitted;
    private volatile bool direct;
    private bool completed;

    /// <param name="path">The file to create (it must not exist).</param>
    /// <param name="chunkSize">Bytes per direct write, a multiple of 4096.</param>
    /// <exception cref="LinuxIOException">The file cannot be created.</exception>
    public DirectWriteStream(string path, int chunkSize = 4 << 20)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (chunkSize <= 0 || chunkSize % Alignment != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(chunkSize), chunkSize, "a positive multiple of 4096");
        }

        const int flags = LibC.OWrOnly | LibC.OCreat | LibC.OExcl | LibC.OCloExec;
        fd = LibC.Open(path, flags | LibC.ODirect, 0b110_100_100);
        direct = fd >= 0;
        if (fd < 0)
        {
            // EINVAL: this file system does not do direct I/O. Anything else fails the same way without it.
            fd = LibC.Open(path, flags, 0b110_100_100);
            if (fd < 0)
            {
                throw LinuxErrors.FromLastError("open", path);
            }
        }

        Path = path;
        this.chunkSize = chunkSize;
        buffer = (byte*)NativeMemory.AlignedAlloc((nuint)chunkSize, Alignment);
    }

    /// <summary>The file being written.</summary>
    public string Path { get; }

    /// <summary>True while chunks go past the page cache (false on file systems without direct I/O).</summary>
    public bool IsDirect => direct;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !completed && buffer is not null;

    public override long Length => submitted + filled;

    public override long Position
    {
        get => Length;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> source)
    {
        ObjectDisposedException.ThrowIf(buffer is null, this);
        if (completed)
        {
            throw new InvalidOperationException("the file is complete");
        }

        while (!source.IsEmpty)
        {
            var take = Math.Min(source.Length, chunkSize - filled);
            source[..take].CopyTo(new Span<byte>(buffer + filled, take));
            filled += take;
            source = source[take..];
            if (filled == chunkSize)
            {
                SubmitBuffer();
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    /// <summary>Nothing: at most one chunk is buffered (and one in flight); <see cref="Complete"/> writes it.</summary>
    public override void Flush()
    {
    }

    /// <summary>Writes what is buffered (the unaligned tail through the page cache) and fsyncs the file.</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(buffer is null, this);
        if (completed)
        {
            return;
        }

        WaitInFlight();
        if (filled > 0)
        {
            if (direct && filled % Alignment != 0)
            {
                // Direct writes must be whole blocks: the tail goes through the page cache.
                StopDirect();
            }

            WriteAt((nint)buffer, filled, submitted);
            submitted += filled;
            filled = 0;
        }

        if (LibC.FSync(fd) != 0)
        {
            throw LinuxErrors.FromLastError("fsync", Path);
        }

        completed = true;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (buffer is not null)
        {
            try
            {
                // Never free a buffer the kernel may still be reading from.
                inFlight?.Wait();
            }
            catch (AggregateException)
            {
                // The write failed; the caller deletes the partial file.
            }

            NativeMemory.AlignedFree(buffer);
            buffer = null;
            if (spare is not null)
            {
                NativeMemory.AlignedFree(spare);
                spare = null;
            }

            _ = LibC.Close(fd);
        }

        base.Dispose(disposing);
    }

    private void StopDirect()
    {
        var flags = LibC.FCntl(fd, LibC.FGetFl, 0);
        if (flags < 0 || LibC.FCntl(fd, LibC.FSetFl, flags & ~LibC.ODirect) != 0)
        {
            throw LinuxErrors.FromLastError("fcntl F_SETFL", Path);
        }

        direct = false;
    }

    /// <summary>Hands the full buffer to a write on the thread pool (after the previous one finished) and fills the other.</summary>
    private void SubmitBuffer()
    {
        WaitInFlight();
        if (spare is null)
        {
            spare = (byte*)NativeMemory.AlignedAlloc((nuint)chunkSize, Alignment);
        }

        var chunk = (nint)buffer;
        var count = filled;
        var offset = submitted;
        inFlight = Task.Run(() => WriteAt(chunk, count, offset));
        submitted += count;
        filled = 0;
        buffer = spare;
        spare = (byte*)chunk;
    }

    /// <summary>Waits for the chunk in flight; its failure is thrown here.</summary>
    private void WaitInFlight()
    {
        if (inFlight is not { } task)
        {
            return;
        }

        inFlight = null;
        task.GetAwaiter().GetResult();
    }

    private void WriteAt(nint chunk, int count, long fileOffset)
    {
        var data = (byte*)chunk;
        var offset = 0;
        while (offset < count)
        {
            var done = LibC.PWrite(fd, data + offset, (nuint)(count - offset), fileOffset + offset);
            if (done < 0)
            {
                var errno = LinuxErrors.LastErrno();
                if (errno == Errno.EINTR)
                {
                    continue;
                }

                if (errno == Errno.EINVAL && direct)
                {
                    // A file system that took O_DIRECT at open but refuses the write (alignment, or no direct I/O
                    // after all): write this and every later chunk through the page cache.
                    StopDirect();
                    continue;
                }

                throw LinuxErrors.Create("pwrite", Path, errno);
            }

            offset += (int)done;
        }
    }
}
