using System.Text;
using Kiln.Linux;
using Kiln.Oci;

namespace Kiln.Build.Operations.Run;

/// <summary>
/// Where <c>RUN --mount=type=cache</c> directories live between builds (DF-RUN-MOUNT-CACHE, DF-CACHE-MOUNTS):
/// <c>&lt;store&gt;/cache/mounts/&lt;sha256(id)&gt;/data</c>, created with the mount's mode, uid and gid the first time, never part
/// of a layer or a cache key. <c>sharing=locked</c> takes an exclusive lock on the id across processes for the run;
/// <c>shared</c> takes none; <c>private</c> takes the first instance of the id no other step holds
/// (<c>data</c>, <c>data.1</c>, ...), so concurrent writers each get their own directory, a new and empty one when all
/// are busy, as BuildKit does.
/// </summary>
public sealed class CacheMountStore(string storeRoot)
{
    private readonly LinuxFileSystem _fs = new();

    public string Root => Path.Combine(storeRoot, "cache", "mounts");

    /// <summary>The data directory of cache <paramref name="id"/>, created (mode, owner) if new.</summary>
    public string Open(string id, uint mode, uint uid, uint gid) => Open(id, 0, mode, uid, gid);

    /// <summary>
    /// Opens cache <paramref name="id"/> for one RUN step by its <paramref name="sharing"/> rule: the data directory and
    /// the lock to hold for the run (none for <c>shared</c>).
    /// </summary>
    public async Task<(string Data, IDisposable? Lock)> AcquireAsync(
        string id, Kiln.Dockerfile.Instructions.CacheSharing sharing, uint mode, uint uid, uint gid, CancellationToken cancellationToken)
    {
        switch (sharing)
        {
            case Kiln.Dockerfile.Instructions.CacheSharing.Shared:
                return (Open(id, mode, uid, gid), null);
            case Kiln.Dockerfile.Instructions.CacheSharing.Private:
                Directory.CreateDirectory(EntryDirectory(id));
                for (var instance = 0; ; instance++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (TryLock(LockPath(id, instance)) is { } held)
                    {
                        return (Open(id, instance, mode, uid, gid), held);
                    }
                }

            default:
                var lockHandle = await LockAsync(id, cancellationToken).ConfigureAwait(false);
                return (Open(id, mode, uid, gid), lockHandle);
        }
    }

    private string Open(string id, int instance, uint mode, uint uid, uint gid)
    {
        var directory = EntryDirectory(id);
        var data = Path.Combine(directory, instance == 0 ? "data" : "data." + instance.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!Directory.Exists(data))
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "id"), id);
            var temp = Path.Combine(directory, "new." + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(temp);
            _fs.Chmod(temp, (int)mode);
            _fs.LChown(temp, uid, gid);
            try
            {
                Directory.Move(temp, data);
            }
            catch (IOException)
            {
                Directory.Delete(temp); // another build created it first
            }
        }

        return data;
    }

    /// <summary>True when cache <paramref name="id"/> has a data directory here (even an empty one).</summary>
    public bool Exists(string id) => Directory.Exists(Path.Combine(EntryDirectory(id), "data"));

    /// <summary>The data directory of cache <paramref name="id"/>, or null when this store has none.</summary>
    public string? Find(string id)
    {
        var data = Path.Combine(EntryDirectory(id), "data");
        return Directory.Exists(data) ? data : null;
    }

    /// <summary>
    /// Creates the data directory of cache <paramref name="id"/> from <paramref name="fill"/> (given an empty directory)
    /// with the mount's mode and owner, when the id has none yet; false when it already had one (or another build made
    /// it first). The directory appears whole or not at all: it is filled aside and renamed into place.
    /// </summary>
    public bool TrySeed(string id, uint mode, uint uid, uint gid, Action<string> fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        var directory = EntryDirectory(id);
        var data = Path.Combine(directory, "data");
        if (Directory.Exists(data))
        {
            return false;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "id"), id);
        var temp = Path.Combine(directory, "seed." + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(temp);
            fill(temp);
            _fs.Chmod(temp, (int)mode);
            _fs.LChown(temp, uid, gid);
            try
            {
                Directory.Move(temp, data);
                return true;
            }
            catch (IOException) when (Directory.Exists(data))
            {
                return false; // another build created it first
            }
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                _ = _fs.RemoveTree(temp);
            }
        }
    }

    /// <summary>The cache mounts kept (by id) and the bytes their data directories hold.</summary>
    public (int Count, long Bytes) Usage()
    {
        if (!Directory.Exists(Root))
        {
            return (0, 0);
        }

        var count = 0;
        long bytes = 0;
        foreach (var directory in Directory.EnumerateDirectories(Root))
        {
            count++;
            bytes += DataBytes(directory);
        }

        return (count, bytes);
    }

    /// <summary>
    /// Deletes every cache mount no build is using right now (a build holding a <c>locked</c> or <c>private</c> one
    /// keeps it); returns how many went and the bytes freed. A <c>shared</c> mount in use by a running build is deleted
    /// under it, as <c>docker builder prune</c> does.
    /// </summary>
    public (int Count, long Bytes) Prune()
    {
        if (!Directory.Exists(Root))
        {
            return (0, 0);
        }

        var count = 0;
        long bytes = 0;
        foreach (var directory in Directory.EnumerateDirectories(Root))
        {
            var held = new List<FileLock>();
            var busy = false;
            foreach (var lockFile in Directory.EnumerateFiles(directory, "lock*").Append(Path.Combine(directory, "lock")).Distinct())
            {
                if (TryLock(lockFile) is { } handle)
                {
                    held.Add(handle);
                }
                else
                {
                    busy = true;
                    break;
                }
            }

            try
            {
                if (busy)
                {
                    continue; // in use
                }

                bytes += DataBytes(directory);
                foreach (var data in Directory.EnumerateDirectories(directory))
                {
                    _ = _fs.RemoveTree(data);
                }

                count++;
            }
            finally
            {
                foreach (var handle in held)
                {
                    handle.Dispose();
                }
            }

            if (busy)
            {
                continue;
            }

            _ = _fs.RemoveTree(directory);
        }

        return (count, bytes);
    }

    private string EntryDirectory(string id) => Path.Combine(Root, Digest.Compute(Encoding.UTF8.GetBytes(id)).Encoded[..32]);

    private static long DataBytes(string entryDirectory)
    {
        return new DirectoryInfo(entryDirectory).EnumerateDirectories("data*")
            .Sum(data => data.EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length));
    }

    private string LockPath(string id, int instance) =>
        Path.Combine(EntryDirectory(id), instance == 0 ? "lock" : "lock." + instance.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static FileLock? TryLock(string path) => FileLock.TryAcquire(path);

    /// <summary>Waits for the exclusive lock of cache <paramref name="id"/>; dispose to release it.</summary>
    public async Task<IDisposable> LockAsync(string id, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(EntryDirectory(id));
        return await FileLock.AcquireAsync(LockPath(id, 0), cancellationToken).ConfigureAwait(false);
    }
}
