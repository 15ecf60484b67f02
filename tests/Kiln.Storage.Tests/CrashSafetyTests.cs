using Kiln.Oci;
using Kiln.Storage.Maintenance;
using Kiln.Testing;

namespace Kiln.Storage.Tests;

/// <summary>
/// Library-level crash safety: writes aborted at random points (exceptions from the source, cancellation) never leave a
/// visible partial blob, a stray file outside <c>ingest/</c> or a dangling reference; left-overs of hard crashes in
/// <c>ingest/</c> are cleaned on open.
/// </summary>
public sealed class CrashSafetyTests : IDisposable
{
    private readonly TempDirectory _dir = new("kiln-store");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task FiftyAbortedWritesLeaveAConsistentStore()
    {
        var store = await LocalStore.OpenAsync(_dir.Path);
        var random = new Random(20240601);
        var tagged = new Dictionary<string, Digest>();
        for (var round = 0; round < 50; round++)
        {
            var content = new byte[random.Next(1, 400_000)];
            random.NextBytes(content);
            var layer = Descriptor.For(MediaTypes.OciLayer, content);
            var abortAt = random.Next(0, content.Length);
            using var cts = new CancellationTokenSource();
            Stream source = round % 2 == 0
                ? new FailingStream(content, abortAt, () => throw new IOException("connection reset (simulated)"))
                : new FailingStream(content, abortAt, cts.Cancel);
            await Assert.ThrowsAnyAsync<Exception>(() => store.Blobs.WriteAsync(source, layer, cts.Token));
            Assert.False(await store.Blobs.ExistsAsync(layer.Digest));

            // Every few rounds an image is completed and tagged, the others stay half-written.
            if (round % 5 == 0)
            {
                var stored = await store.Blobs.WriteAsync(new MemoryStream(content), layer);
                var config = System.Text.Encoding.UTF8.GetBytes($"{{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{{\"type\":\"layers\",\"diff_ids\":[\"{stored.Digest}\"]}}}}");
                var manifest = await store.PutImageAsync(config, [stored]);
                var name = $"crash:{round}";
                await store.TagAsync(ImageReference.Parse(name), manifest.ToDescriptor());
                tagged[name] = manifest.Digest;
            }

            var report = await store.CheckAsync();
            Assert.True(report.IsClean, string.Join("\n", report.Problems));
            Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_dir.Path, "ingest")));
        }

        foreach (var (name, digest) in tagged)
        {
            Assert.Equal(digest, (await store.ResolveAsync(name)).Target.Digest);
        }

        Assert.Equal(tagged.Count, (await store.ListImagesAsync()).Count);
    }

    [Fact]
    public async Task HardCrashLeftoversStayInIngestAndAreCleaned()
    {
        var store = await LocalStore.OpenAsync(_dir.Path);
        // What a killed writer leaves: a temp blob and a half-unpacked snapshot, both only in ingest/.
        File.WriteAllText(Path.Combine(_dir.Path, "ingest", "blob-0123"), "partial");
        Directory.CreateDirectory(Path.Combine(_dir.Path, "ingest", "snapshot-0123", "usr"));
        Assert.True((await store.CheckAsync()).IsClean);
        Assert.True((await store.DiskUsageAsync()).IngestBytes > 0);

        await LocalStore.OpenAsync(_dir.Path, new LocalStoreOptions { StaleIngestAge = TimeSpan.Zero });
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_dir.Path, "ingest")));
    }

    [Fact]
    public async Task StrayFilesInTheLayoutAreReported()
    {
        var store = await LocalStore.OpenAsync(_dir.Path);
        File.WriteAllText(Path.Combine(_dir.Path, "blobs", "sha256", "not-a-digest.tmp"), "x");
        File.WriteAllText(Path.Combine(_dir.Path, "index.json.tmp"), "x");
        var report = await store.CheckAsync();
        Assert.Equal(2, report.Problems.Count(p => p.Kind == StoreProblemKind.StrayFile));
    }

    [Fact]
    public async Task MissingBlobsOfAReferenceAreReported()
    {
        var store = await LocalStore.OpenAsync(_dir.Path);
        var layer = await TestImages.AddLayerAsync(store, TestImages.Tar(("a", "1")));
        await TestImages.AddImageAsync(store, [layer], "app:1");
        File.Delete(store.Blobs.GetPath(layer.Descriptor.Digest));
        var problem = Assert.Single((await store.CheckAsync()).Problems);
        Assert.Equal(StoreProblemKind.MissingBlob, problem.Kind);
        Assert.Contains(layer.Descriptor.Digest.ToString(), problem.Message, StringComparison.Ordinal);
    }

    /// <summary>Returns <paramref name="content"/> up to <paramref name="failAt"/> bytes, then calls <paramref name="fail"/> (throw or cancel).</summary>
    private sealed class FailingStream(byte[] content, int failAt, Action fail) : ReadOnlyStream
    {
        private int _position;

        public override long Length => content.Length;

        public override long Position => _position;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position >= failAt)
            {
                fail();
            }

            var count = Math.Min(Math.Min(buffer.Length, failAt - _position), 8192);
            if (count <= 0)
            {
                // Cancellation was requested; the writer's next await observes it.
                count = Math.Min(buffer.Length, content.Length - _position);
            }

            content.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(Read(buffer.Span));
        }
    }
}
