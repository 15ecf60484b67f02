using Kiln.Linux.Errors;
using Kiln.Linux.Interop;

namespace Kiln.Linux;

/// <summary>
/// A regular file opened once for archiving (<see cref="LinuxFileSystem.TryOpenRegularFile"/>): its status and
/// xattrs come from the descriptor (no second path walk, and they describe the very file whose bytes are read), and
/// its content is read sequentially with plain <c>read</c> calls: no advisory lock, no <c>fadvise</c>, no seek.
/// </summary>
public sealed class RegularFileReader : Stream
{
    private readonly string _path;
    private int _fd;

    internal RegularFileReader(int fd, string path, FileStatus status)
    {
        _fd = fd;
        _path = path;
        Status = status;
    }

    /// <summary>The file's status, from <c>statx</c> on the descriptor right after it was opened.</summary>
    public FileStatus Status { get; }

    /// <summary>All xattrs of the file with their raw values (<c>flistxattr</c>, <c>fgetxattr</c>).</summary>
    public IReadOnlyDictionary<string, byte[]> GetXattrs()
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        return LinuxFileSystem.GetXattrsCore(_path, _fd);
    }

    public override bool CanRead => _fd >= 0;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override unsafe int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var read = LibC.Read(_fd, p, (nuint)buffer.Length);
                if (read >= 0)
                {
                    return (int)read;
                }

                var errno = LinuxErrors.LastErrno();
                if (errno != Errno.EINTR)
                {
                    throw LinuxErrors.Create("read", _path, errno);
                }
            }
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (_fd >= 0)
        {
            _ = LibC.Close(_fd);
            _fd = -1;
        }

        base.Dispose(disposing);
    }
}
