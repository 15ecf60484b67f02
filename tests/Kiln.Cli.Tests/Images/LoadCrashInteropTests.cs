using System.Diagnostics;
using Kiln.Archives.Layers;
using Kiln.Storage;
using Kiln.Testing;
using static Kiln.Cli.Tests.Images.ImageInteropTestsSupport;

namespace Kiln.Cli.Tests.Images;

/// <summary>
/// Crash safety of <c>kiln load</c> (issue 3 acceptance): the published binary is killed with SIGKILL at seeded random
/// points spanning a whole load, at least 50 times on one store; after every kill the store must check clean (no corrupt
/// blob, no dangling reference, nothing stray), and at the end a fresh load must succeed with a complete image.
/// </summary>
public sealed class LoadCrashInteropTests : IDisposable
{
    private const int Kills = 50;
    private const int LayerBytes = 20 << 20;

    private readonly TempDirectory _dir = new("kiln-crash");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task KillingLoadAtRandomPointsNeverLeavesTheStoreInconsistent()
    {
        Ok(RunKiln(Path.Combine(_dir.Path, "warmup"), "--help"), "kiln --help");
        var archive = Path.Combine(_dir.Path, "big.tar");
        var random = new Random(20240917);
        var layers = Enumerable.Range(0, 3).Select(i =>
        {
            var content = new byte[LayerBytes];
            random.NextBytes(content);
            return Layer(($"data/blob{i}.bin", content));
        }).ToList();
        WriteDockerArchive(archive, layers, "crash/big:1");

        // How long a whole load takes here, so that the kill points span it: the fastest of three, since one slow
        // measurement (a busy machine) would put most kill points after the end of the loads that follow.
        var duration = TimeSpan.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var timer = Stopwatch.StartNew();
            Ok(RunKiln(Path.Combine(_dir.Path, "timing-" + i), "load", "-i", archive), "kiln load (timing)");
            duration = timer.Elapsed < duration ? timer.Elapsed : duration;
        }

        Assert.True(duration > TimeSpan.FromMilliseconds(50), $"a load took only {duration}; the archive is too small to be killed mid-way");

        var root = Path.Combine(_dir.Path, "store");
        var killedMidway = 0;
        for (var round = 0; round < Kills; round++)
        {
            var delay = TimeSpan.FromTicks((long)(duration.Ticks * random.NextDouble()));
            using (var process = StartKiln(root, "load", "-i", archive))
            {
                await Task.Delay(delay);
                if (!process.HasExited)
                {
                    process.Kill();
                }

                await process.WaitForExitAsync();
                if (process.ExitCode != 0)
                {
                    killedMidway++;
                }
            }

            // Left-overs in ingest/ belong to the dead process, so they may be swept right away.
            var store = await LocalStore.OpenAsync(root, new LocalStoreOptions { StaleIngestAge = TimeSpan.Zero });
            var report = await store.CheckAsync();
            Assert.True(report.IsClean, $"after kill {round} at {delay.TotalMilliseconds:F0} ms:\n" + string.Join("\n", report.Problems));
            var images = await store.ListImagesAsync();
            foreach (var image in images)
            {
                Assert.Equal(3, (await store.GetImageAsync(image.Reference.ToString())).Layers.Count);
            }

            // A load that got to the end leaves every blob in place, and the next load would only skip them and
            // finish before any kill point: start the next round from an empty store so kills keep landing mid-load.
            if (images.Count > 0)
            {
                Directory.Delete(root, recursive: true);
            }
        }

        Assert.True(killedMidway >= Kills / 2, $"only {killedMidway} of {Kills} loads were killed before they finished");

        var final = Ok(RunKiln(root, "load", "-i", archive), "kiln load after the kills");
        Assert.Equal("Loaded image: crash/big:1\n", final.Stdout);
        var finalStore = await LocalStore.OpenAsync(root);
        Assert.True((await finalStore.CheckAsync()).IsClean);
        var loaded = await finalStore.GetImageAsync("crash/big:1");
        Assert.Equal(layers.Select(l => Oci.Digest.Compute(l)), loaded.DiffIds);
        for (var i = 0; i < loaded.Layers.Count; i++)
        {
            await using var blob = await finalStore.Blobs.OpenReadAsync(loaded.Layers[i]);
            await using var tar = LayerReader.Open(blob, new LayerReadOptions { ExpectedBlob = loaded.Layers[i], ExpectedDiffId = loaded.DiffIds[i] });
            Assert.Equal(loaded.DiffIds[i], tar.Complete());
        }
    }
}
