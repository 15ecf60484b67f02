using System.Security.Cryptography;
using Kiln.Archives.Tar;
using Kiln.Build.Outputs;
using Kiln.Oci;
using Kiln.Oci.Images;
using Kiln.Storage;
using Kiln.Testing;

namespace Kiln.Build.Tests.Outputs;

/// <summary>
/// File outputs are written through a temp file and a rename: a failed or cancelled export leaves no truncated
/// archive at the destination and keeps what was there before.
/// </summary>
public sealed class AtomicOutputTests : IDisposable
{
    private readonly TempDirectory _dir = new("kiln-outputs-atomic");
    private readonly ImageExporter _exporter = new();

    public void Dispose() => _dir.Dispose();

    private string OutDirectory => Path.Combine(_dir.Path, "out");

    private static Stream NoStdout() => throw new InvalidOperationException("this output must not write to stdout");

    private IEnumerable<string> TempFiles() =>
        Directory.Exists(OutDirectory) ? Directory.EnumerateFiles(OutDirectory, AtomicFile.TempPrefix + "*", SearchOption.AllDirectories) : [];

    [Theory]
    [InlineData("docker")]
    [InlineData("oci")]
    [InlineData("tar")]
    public async Task A_failing_export_keeps_the_previous_file_and_leaves_no_temp_file(string type)
    {
        var store = await LocalStore.OpenAsync(Path.Combine(_dir.Path, "store"));
        var image = await OutputTestImages.AddAsync(store);
        var top = image.Layers[^1];
        var blob = store.Blobs.GetPath(top.Digest);
        var bytes = await File.ReadAllBytesAsync(blob);
        bytes[^5] ^= 0xFF; // same size, wrong content: found only when the copy reaches the end of the layer
        await File.WriteAllBytesAsync(blob, bytes);

        var path = Path.Combine(OutDirectory, "image.tar");
        Directory.CreateDirectory(OutDirectory);
        await File.WriteAllTextAsync(path, "previous build");

        await Assert.ThrowsAnyAsync<Exception>(() => _exporter.ExportAsync(store, image, [], OutputSpec.Parse($"type={type},dest={path}"), NoStdout));

        Assert.Equal("previous build", await File.ReadAllTextAsync(path));
        Assert.Empty(TempFiles());
    }

    [Fact]
    public async Task Cancelling_while_the_archive_is_being_written_leaves_no_file()
    {
        var store = await LocalStore.OpenAsync(Path.Combine(_dir.Path, "store"));

        // One uncompressed 16 MiB layer: long enough to write that the cancellation lands mid-archive (the tar writer copies
        // an entry without looking at the token, so the cancellation is seen before the rename, never after it).
        var content = RandomNumberGenerator.GetBytes(16 << 20);
        var tar = OutputTestImages.Tar(
            (new TarEntry { Path = "big.bin", Type = TarEntryType.RegularFile, Mode = 0b110_100_100, Size = content.Length }, content));
        var layer = await store.Blobs.WriteAsync(tar, MediaTypes.OciLayer);
        var config = RawDocument.Create(new ImageConfig("amd64", "linux") { RootFs = new RootFs([Digest.Compute(tar)]) }).Bytes;
        var manifest = await store.PutImageAsync(config, [layer]);
        var image = await store.GetImageAsync(manifest.Digest.ToString());

        var path = Path.Combine(OutDirectory, "big.tar");
        Directory.CreateDirectory(OutDirectory);
        using var cancellation = new CancellationTokenSource();
        var sawTemp = false;
        var watcher = new Thread(() =>
        {
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (!cancellation.IsCancellationRequested && DateTime.UtcNow < deadline)
            {
                if (TempFiles().Any(f => new FileInfo(f).Length > 0))
                {
                    sawTemp = true;
                    cancellation.Cancel();
                    return;
                }

                Thread.Sleep(1);
            }
        });
        watcher.Start();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _exporter.ExportAsync(store, image, [], OutputSpec.Parse($"type=docker,dest={path}"), NoStdout, cancellation.Token));
        watcher.Join();

        Assert.True(sawTemp, "the temp file next to the destination was never seen");
        Assert.False(File.Exists(path));
        Assert.Empty(TempFiles());
    }

    [Fact]
    public async Task An_export_cancelled_before_it_starts_creates_nothing()
    {
        var store = await LocalStore.OpenAsync(Path.Combine(_dir.Path, "store"));
        var image = await OutputTestImages.AddAsync(store);
        var path = Path.Combine(OutDirectory, "image.tar");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _exporter.ExportAsync(store, image, [], OutputSpec.Parse($"type=oci,dest={path}"), NoStdout, new CancellationToken(canceled: true)));
        Assert.False(File.Exists(path));
        Assert.Empty(TempFiles());
    }

    [Fact]
    public async Task Atomic_write_cancelled_mid_write_keeps_the_old_file()
    {
        var path = Path.Combine(OutDirectory, "file.bin");
        Directory.CreateDirectory(OutDirectory);
        await File.WriteAllTextAsync(path, "old");
        using var cancellation = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AtomicFile.WriteAsync(
            path,
            async (stream, token) =>
            {
                await stream.WriteAsync(new byte[100_000], token);
                await stream.FlushAsync(token);
                Assert.Single(TempFiles());
                cancellation.Cancel();
                token.ThrowIfCancellationRequested();
            },
            cancellation.Token));

        Assert.Equal("old", await File.ReadAllTextAsync(path));
        Assert.Empty(TempFiles());
    }

    [Fact]
    public async Task Atomic_write_replaces_the_file_in_one_step()
    {
        var path = Path.Combine(OutDirectory, "sub", "file.bin");
        await AtomicFile.WriteAsync(path, "first"u8.ToArray(), CancellationToken.None);
        var before = new Kiln.Linux.LinuxFileSystem().LStat(path).Identity;
        await AtomicFile.WriteAsync(path, "second"u8.ToArray(), CancellationToken.None);

        Assert.Equal("second", await File.ReadAllTextAsync(path));
        Assert.NotEqual(before, new Kiln.Linux.LinuxFileSystem().LStat(path).Identity); // a new inode, renamed in
        Assert.Empty(TempFiles());
    }
}
