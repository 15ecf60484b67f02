using Kiln.Linux.Errors;
using Kiln.Linux.Interop;

namespace Kiln.Linux;

/// <summary>
/// An exclusive BSD <c>flock</c> on a lock file, taken on a file description of its own (so it excludes other processes,
/// other instances and other tasks of this process alike, and interoperates with util-linux <c>flock(1)</c>). It does not
/// go through <see cref="FileStream"/>, whose implicit FileShare locking the CLI turns off (one flock per open and close
/// of every file is measurable on a 20,000-file build). Dispose releases it.
/// </summary>
public sealed class FileLock : IDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(50);
    private int _fd;

    private FileLock(int fd) => _fd = fd;

    /// <summary>Takes the lock if no one holds it; null when someone does. The file is created if missing.</summary>
    /// <exception cref="LinuxIOException">The lock file cannot be opened (permissions, missing directory).</exception>
    public static FileLock? TryAcquire(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fd = LibC.Open(path, LibC.ORdWr | LibC.OCreat | LibC.OCloExec, 0b110_100_100);
        if (fd < 0)
        {
            throw LinuxErrors.FromLastError("open", path);
        }

        while (LibC.FLock(fd, LibC.LockExclusive | LibC.LockNonBlocking) != 0)
        {
            var errno = LinuxErrors.LastErrno();
            if (errno == LibC.ErrnoInterrupted)
            {
                continue;
            }

            _ = LibC.Close(fd);
            return errno == LibC.ErrnoWouldBlock ? null : throw LinuxErrors.Create("flock", path, errno);
        }

        return new FileLock(fd);
    }

    /// <summary>Waits (polling with a capped back-off) until the lock is free, then takes it.</summary>
    public static async Task<FileLock> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(1);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryAcquire(path) is { } acquired)
            {
                return acquired;
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            _ = LibC.Close(fd);
        }
    }
}
