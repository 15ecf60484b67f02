using System.Text;
using Kiln.Oci;
using Kiln.Storage.Errors;
using Kiln.Storage.Maintenance;
using Kiln.Testing;

namespace Kiln.Storage.Tests;

public sealed class BlobTests : IDisposable
{
    private readonly TempDirectory _dir = new("kiln-store");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task OpenCreatesAnOciLayout()
    {
        var store = await LocalStore.OpenAsync(_dir.Path);
        Assert.Equal("{\"imageLayoutVersion\":\"1.0.0\"}", File.ReadAllText(Path.Combine(_dir.Path, "oci-layout")));
        using var index = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_dir.Path, "index.json")));
        Assert.Equal(2, index.RootElement.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(0, index.RootElement.GetProperty("manifests").GetArrayLength());
        Assert.True(Directory.Exists(Path.Combine(_dir.Path, "blobs", "sha256")));
        Assert.True((await store.CheckAsync()).IsClean);
    }

    [Fact]
    public async Task WriteThenReadVerifies()
    {
        var store = await LocalStore.OpenAsync(_dir.Path);
        var content = Encoding.UTF8.GetBytes("hello blob");
        var descriptor = await store.Blobs.WriteAsync(new MemoryStream(content), null);
        Assert.Equal(Digest.Compute(content), descriptor.Digest);
        Assert.Equal(content.Length, descriptor.Size);
        Assert.Equal(content, File.ReadAllBytes(Path.Combine(_dir.Path, "blobs", "sha256", descriptor.Digest.Encoded)));
        Assert.True(await store.Blobs.ExistsAsync(descriptor.Digest));
        Assert.Equal(content, await store.Blobs.ReadAllBytesAsync(descriptor.Digest, descriptor.Size));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_dir.Path, "ingest")));
    }

    [Fact]
    public async Task WriteThroughTheIngestStreamHashesWhatWasWritten()
    {
        var store = await LocalStore.OpenAsync(_dir.Path);
        var content = Encoding.UTF8.GetBytes(new string('k', 300_000) + "end");
        Digest? seen = null;
        var descriptor = await store.Blobs.WriteAsync((stream, _) =>
        {
            stream.Write(content.AsSpan(0, 1000));
            stream.Write(content.AsSpan(1000));
            seen = stream.Digest;
        });

        Assert.Equal(Digest.Compute(content), descriptor.Digest);
        Assert.Equal(descriptor.Digest, seen);
        Assert.Equal(content.Length, descriptor.Size);
        Assert.Equal(content, await store.Blobs.ReadAllBytesAsync(descriptor.Digest, descriptor.Size));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_dir.Path, "ingest")));
        Assert.True((await store.CheckAsync()).IsClean);
    }

    [Fact]
    public async Task AFailedIngestWriteLeavesNothing()
    {
        var store = await LocalStore.OpenAsync(_dir.Path);
        var content = Encoding.UTF8.GetBytes("half a layer");
        await Assert.ThrowsAsync<IOException>(() => store.Blobs.WriteAsync((stream, _) =>
        {
            stream.Write(content);
            throw new IOException("source vanished");
        }));

        Assert.False(await store.Blobs.ExistsAsync(Digest.Compute(content)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_dir.Path, "ingest")));
        Assert.Empty(store.Blobs.Enumerate());
    }

    [Fact]
    public async Task FlippedByteIsDetectedOnReadAndByCheck()
    {
        var store = await LocalStore.OpenAsync(_dir.Path);
        var content = new byte[300_000];
        Random.Shared.NextBytes(content);
        var descriptor = await store.Blobs.WriteAsync(content, MediaTypes.OciLayer);
        var path = store.Blobs.GetPath(descriptor.Digest);
        var bytes = File.ReadAllBytes(path);
        bytes[123_456] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        await using (var stream = await store.Blobs.OpenReadAsync(descriptor.Digest, descriptor.Size))
        {
            var e = await Assert.ThrowsAsync<BlobCorruptedException>(() => stream.CopyToAsync(Stream.Null));
            Assert.Equal(descriptor.Digest, e.ExpectedDigest);
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
        }

        var report = await store.CheckAsync();
        var problem = Assert.Single(report.Problems);
        Assert.Equal(StoreProblemKind.CorruptBlob, problem.Kind);
        Assert.Equal(path, problem.Subject);
    }

    [Fact]
    public async Task TruncatedBlobFailsTheSizeCheck()
    {
        var store = await LocalStore.OpenAsync(_dir.Path);
        var descriptor = await store.Blobs.WriteAsync("0123456789"u8.ToArray(), MediaTypes.OciLayer);
        File.WriteAllBytes(store.Blobs.GetPath(descriptor.Digest), "01234"u8.ToArray());
        var e = await Assert.ThrowsAsync<BlobCorruptedException>(() => store.Blobs.ReadAllBytesAsync(descriptor.Digest, descriptor.Size));
        Assert.Equal(5, e.ActualSize);
    }

    [Fact]
    public async Task OverlongBlobFailsAsSoonAsTheExtraBytesAreRead()
    {
        var store = await LocalStore.OpenAsync(_dir.Path);
        var descriptor = await store.Blobs.WriteAsync("0123456789"u8.ToArray(), MediaTypes.OciLayer);
        var path = store.Blobs.GetPath(descriptor.Digest);
        File.WriteAllBytes(path, "0123456789ab"u8.ToArray());
        await using var stream = await store.Blobs.OpenReadAsync(descriptor.Digest, descriptor.Size);

        var e = await Assert.ThrowsAsync<BlobCorruptedException>(() => stream.CopyToAsync(Stream.Null));

        Assert.Equal(12, e.ActualSize);
        Assert.Null(e.ActualDigest);
        Assert.Contains("size 12 bytes, expected 10", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpectedDigestMismatchLeavesNothingVisible()
    {
        var store = await LocalStore.OpenAsync(_dir.Path);
        var announced = Descriptor.For(MediaTypes.OciLayer, "the real thing"u8);
        var e = await Assert.ThrowsAsync<BlobDigestMismatchException>(() => store.Blobs.WriteAsync(new MemoryStream("an impostor!!!"u8.ToArray()), announced));
        Assert.Equal(announced, e.Expected);
        Assert.False(await store.Blobs.ExistsAsync(announced.Digest));
        Assert.False(await store.Blobs.ExistsAsync(Digest.Compute("an impostor!!!"u8)));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_dir.Path, "blobs"), "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_dir.Path, "ingest")));

        var longer = await Assert.ThrowsAsync<BlobDigestMismatchException>(() => store.Blobs.WriteAsync(new MemoryStream(new byte[1000]), announced with { }));
        Assert.True(longer.ActualSize > announced.Size);
        Assert.True((await store.CheckAsync()).IsClean);
    }

    [Fact]
    public async Task ExistingBlobIsNotRewritten()
    {
        var store = await LocalStore.OpenAsync(_dir.Path);
        var descriptor = await store.Blobs.WriteAsync("same"u8.ToArray(), MediaTypes.OciLayer);
        var path = store.Blobs.GetPath(descriptor.Digest);
        var before = new Kiln.Linux.LinuxFileSystem().LStat(path).Identity;
        var again = await store.Blobs.WriteAsync(new MemoryStream("same"u8.ToArray()), descriptor);
        Assert.Equal(descriptor, again);
        Assert.Equal(before, new Kiln.Linux.LinuxFileSystem().LStat(path).Identity);
    }

    [Fact]
    public async Task MissingBlobIsNamed()
    {
        var store = await LocalStore.OpenAsync(_dir.Path);
        var digest = Digest.Compute("absent"u8);
        var e = await Assert.ThrowsAsync<BlobNotFoundException>(() => store.Blobs.OpenReadAsync(digest));
        Assert.Contains(digest.ToString(), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaleIngestFilesAreRemovedOnOpen()
    {
        await LocalStore.OpenAsync(_dir.Path);
        var leftover = Path.Combine(_dir.Path, "ingest", "blob-crashed");
        File.WriteAllText(leftover, "partial");
        File.SetLastWriteTimeUtc(leftover, DateTime.UtcNow.AddHours(-2));
        var young = Path.Combine(_dir.Path, "ingest", "blob-live");
        File.WriteAllText(young, "someone is writing this");
        await LocalStore.OpenAsync(_dir.Path);
        Assert.False(File.Exists(leftover));
        Assert.True(File.Exists(young));
    }

    [Fact]
    public async Task InvalidIndexIsReportedWithItsPath()
    {
        await LocalStore.OpenAsync(_dir.Path);
        File.WriteAllText(Path.Combine(_dir.Path, "index.json"), "{ not json");
        var e = await Assert.ThrowsAsync<StoreCorruptedException>(() => LocalStore.OpenAsync(_dir.Path));
        Assert.Equal(Path.Combine(_dir.Path, "index.json"), e.FilePath);
    }
}
