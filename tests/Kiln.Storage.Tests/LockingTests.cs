using System.Diagnostics;
using System.Text.Json;
using Kiln.Oci;
using Kiln.Storage.Locking;
using Kiln.Testing;

namespace Kiln.Storage.Tests;

public sealed class LockingTests : IDisposable
{
    private readonly TempDirectory _dir = new("kiln-store");

    public void Dispose() => _dir.Dispose();

    private string LockFile => Path.Combine(_dir.Path, "locks", "store.lock");

    private static Process Bash(string script)
    {
        var psi = new ProcessStartInfo("bash", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        return Process.Start(psi)!;
    }

    [Fact]
    public async Task AnotherProcessHoldingTheLockBlocksWriters()
    {
        var store = await LocalStore.OpenAsync(_dir.Path);
        var layer = await TestImages.AddLayerAsync(store, TestImages.Tar(("a", "1")));
        var manifest = await TestImages.AddImageAsync(store, [layer]);

        // util-linux flock(1) takes the same BSD flock the store uses.
        using var holder = Bash($"flock '{LockFile}' -c 'echo held; sleep 1.5'");
        Assert.Equal("held", await holder.StandardOutput.ReadLineAsync());

        var watch = Stopwatch.StartNew();
        var tag = store.TagAsync(ImageReference.Parse("app:1"), manifest.ToDescriptor());
        await Task.Delay(500);
        Assert.False(tag.IsCompleted, "the tag went through while another process held the lock");
        await tag;
        await holder.WaitForExitAsync();
        Assert.True(watch.Elapsed > TimeSpan.FromSeconds(1), $"tagged after {watch.Elapsed}");
        Assert.Equal(manifest.Digest, (await store.ResolveAsync("app:1")).Target.Digest);
    }

    [Fact]
    public async Task TheStoreLockExcludesOtherProcesses()
    {
        await LocalStore.OpenAsync(_dir.Path);
        using (var held = await StoreLock.AcquireAsync(LockFile, CancellationToken.None))
        {
            using var probe = Bash($"flock -n '{LockFile}' -c true; echo $?");
            Assert.Equal("1", (await probe.StandardOutput.ReadToEndAsync()).Trim());
            Assert.Null(StoreLock.TryAcquire(LockFile));
        }

        using var after = Bash($"flock -n '{LockFile}' -c true; echo $?");
        Assert.Equal("0", (await after.StandardOutput.ReadToEndAsync()).Trim());
    }

    [Fact]
    public async Task WaitingForTheLockCanBeCancelled()
    {
        await LocalStore.OpenAsync(_dir.Path);
        using var held = await StoreLock.AcquireAsync(LockFile, CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => StoreLock.AcquireAsync(LockFile, cts.Token));
    }

    [Fact]
    public async Task ManyConcurrentTagsKeepIndexJsonValid()
    {
        var store = await LocalStore.OpenAsync(_dir.Path);
        var other = await LocalStore.OpenAsync(_dir.Path);
        var layer = await TestImages.AddLayerAsync(store, TestImages.Tar(("a", "1")));
        var manifest = await TestImages.AddImageAsync(store, [layer]);
        var reads = 0;
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            do
            {
                // Readers take no lock: every version they see must be complete JSON.
                using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(_dir.Path, "index.json")));
                reads++;
                reading.TrySetResult();
            }
            while (!stop.IsCancellationRequested);
        });

        // The reader must be running while the tags are written, however busy the machine is.
        await reading.Task;
        await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(() =>
            (i % 2 == 0 ? store : other).TagAsync(ImageReference.Parse($"app:{i}"), manifest.ToDescriptor()))));
        await stop.CancelAsync();
        await reader;

        Assert.True(reads > 0);
        using var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_dir.Path, "index.json")));
        Assert.Equal(60, index.RootElement.GetProperty("manifests").GetArrayLength());
        Assert.Equal(60, (await store.ListImagesAsync()).Count);
        Assert.True((await store.CheckAsync()).IsClean);
    }
}
