using System.Text;
using Kiln.Build.Cache;
using Kiln.Oci;
using Kiln.Storage;
using Kiln.Testing;

namespace Kiln.Build.Tests.Cache;

/// <summary>A real local store in a temp directory with a build cache on it and a clock the test controls.</summary>
internal sealed class CacheTestStore : IDisposable
{
    private readonly TempDirectory _directory = new("kiln-cache");

    public CacheTestStore()
    {
        Root = Path.Combine(_directory.Path, "store");
        Cache = BuildCache.Open(Root, Time);
    }

    public static DateTimeOffset Start { get; } = new(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);

    public ManualTimeProvider Time { get; } = new(Start);

    public string Root { get; }

    public BuildCache Cache { get; }

    /// <summary>The store with the cache's records as GC roots, as the CLI opens it.</summary>
    public Task<LocalStore> OpenStoreAsync() =>
        LocalStore.OpenAsync(Root, new LocalStoreOptions { ExtraRoots = [new CacheGarbageCollectionRoots(Cache)] });

    /// <summary>Writes a layer blob of <paramref name="size"/> bytes (content derived from <paramref name="seed"/>) into the store.</summary>
    public async Task<Descriptor> AddLayerAsync(string seed, int size = 1000)
    {
        var store = await OpenStoreAsync();
        var bytes = new byte[size];
        var pattern = Encoding.UTF8.GetBytes(seed);
        for (var i = 0; i < size; i++)
        {
            bytes[i] = pattern[i % pattern.Length];
        }

        return await store.Blobs.WriteAsync(bytes, MediaTypes.OciLayerGzip);
    }

    public static CacheKey Key(string step) => new CacheKeyBuilder("run").Add("instruction", step, CacheKeyPartKind.Instruction).Build();

    public CacheRecord Record(string step, Descriptor? layer = null, IReadOnlyDictionary<string, string>? metadata = null) =>
        new(Key(step), layer, layer is null ? null : Digest.Compute(Encoding.UTF8.GetBytes("diff " + step)), Time.Now, Time.Now, "RUN " + step, metadata);

    public string RecordPath(CacheKey key) => Path.Combine(Root, "cache", "records", key.Digest.Encoded[..2], key.Digest.Encoded + ".json");

    public void Dispose() => _directory.Dispose();
}
