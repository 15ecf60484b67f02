using Kiln.Storage.Errors;

namespace Kiln.Storage.Locking;

/// <summary>
/// The store's writer lock: an exclusive BSD <c>flock</c> on <c>locks/store.lock</c>, which .NET takes (non-blocking)
/// when a file is opened with <see cref="FileShare.None"/> on Linux. Each acquisition opens its own file description,
/// so it excludes other processes, other <see cref="LocalStore"/> instances and other tasks of this process alike,
/// and it interoperates with util-linux <c>flock(1)</c>. Waiting polls with a capped back-off and honours cancellation.
/// </summary>
internal sealed class StoreLock : IDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(50);

    private readonly FileStream _handle;

    private StoreLock(FileStream handle)
    {
        _handle = handle;
    }

    public static async Task<StoreLock> AcquireAsync(string lockFile, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(1);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryAcquire(lockFile) is { } acquired)
            {
                return acquired;
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    public static StoreLock? TryAcquire(string lockFile)
    {
        try
        {
            return new StoreLock(new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1));
        }
        catch (UnauthorizedAccessException e)
        {
            throw new StoreException($"cannot open the store lock {lockFile}: {e.Message}; check the permissions of the store directory", e);
        }
        catch (IOException) when (File.Exists(lockFile))
        {
            // EWOULDBLOCK from flock(LOCK_EX|LOCK_NB): someone else holds it.
            return null;
        }
    }

    public void Dispose() => _handle.Dispose();
}
