using System.Diagnostics;
using Kiln.Testing;

namespace Kiln.Linux.Tests;

/// <summary>
/// The explicit flock the store and cache mounts lock with: exclusive within a process and across processes (util-linux
/// <c>flock(1)</c> sees it), released on dispose, and waited for with cancellation.
/// </summary>
public sealed class FileLockTests
{
    [Fact]
    public async Task ExcludesOthersUntilDisposed()
    {
        using var dir = new TempDirectory("kiln-filelock");
        var path = Path.Combine(dir.Path, "lock");
        using (var held = FileLock.TryAcquire(path))
        {
            Assert.NotNull(held);
            Assert.Null(FileLock.TryAcquire(path));
            Assert.Equal(1, FlockTool(path));

            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => FileLock.AcquireAsync(path, cancel.Token));
        }

        Assert.Equal(0, FlockTool(path));
        using var again = await FileLock.AcquireAsync(path, CancellationToken.None);
        Assert.NotNull(again);
    }

    [Fact]
    public void MissingDirectoryIsAClearError()
    {
        using var dir = new TempDirectory("kiln-filelock-missing");
        var error = Assert.ThrowsAny<IOException>(() => FileLock.TryAcquire(Path.Combine(dir.Path, "no", "lock")));
        Assert.Contains("no/lock", error.Message, StringComparison.Ordinal);
    }

    // flock(1) -n: exit 1 when the lock is held elsewhere, 0 when it got it.
    private static int FlockTool(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("flock", ["-n", "-E", "1", path, "true"]) { UseShellExecute = false })!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
