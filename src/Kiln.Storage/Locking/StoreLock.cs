using Kiln.Linux;
using Kiln.Linux.Errors;
using Kiln.Storage.Errors;

namespace Kiln.Storage.Locking;

/// <summary>
/// The store's writer lock: an exclusive BSD <c>flock</c> on <c>locks/store.lock</c> (<see cref="FileLock"/>), which
/// excludes other processes, other <see cref="LocalStore"/> instances and other tasks of this process alike, and
/// interoperates with util-linux <c>flock(1)</c>. Waiting polls with a capped back-off and honours cancellation.
/// </summary>
internal sealed class StoreLock : IDisposable
{
    private readonly FileLock _lock;

    private StoreLock(FileLock held) => _lock = held;

    public static async Task<StoreLock> AcquireAsync(string lockFile, CancellationToken cancellationToken)
    {
        try
        {
            return new StoreLock(await FileLock.AcquireAsync(lockFile, cancellationToken).ConfigureAwait(false));
        }
        catch (LinuxIOException e)
        {
            throw Unusable(lockFile, e);
        }
    }

    public static StoreLock? TryAcquire(string lockFile)
    {
        try
        {
            return FileLock.TryAcquire(lockFile) is { } held ? new StoreLock(held) : null;
        }
        catch (LinuxIOException e)
        {
            throw Unusable(lockFile, e);
        }
    }

    private static StoreException Unusable(string lockFile, LinuxIOException e) =>
        new($"cannot open the store lock {lockFile}: {e.Message}; check the permissions of the store directory", e);

    public void Dispose() => _lock.Dispose();
}
