namespace Kiln.Cli.Tests.Store;

/// <summary><c>kiln system df</c> numbers and <c>kiln system check</c> on a clean and a damaged store.</summary>
public sealed class SystemCommandTests
{
    [Fact]
    public async Task Df_counts_images_and_reclaimable_blobs()
    {
        var (store, _, app) = await StoreScenario.CreateAsync();
        using var __ = store;
        var blobs = PruneCommandTests.BlobSizes(store.Root);
        var total = blobs.Values.Sum();

        var clean = store.Kiln("system", "df").AssertSuccess();
        store.Kiln("rmi", "app:1.0").AssertSuccess();
        var afterRmi = store.Kiln("system", "df").AssertSuccess();

        Assert.Equal(
            "TYPE          TOTAL     ACTIVE    SIZE      RECLAIMABLE\n" +
            $"Images        2         2         {PruneCommandTests.Kb(total),-10}0B (0%)\n" +
            "Build Cache   0         0         0B        0B\n" +
            "Mount Cache   0         0         0B        0B\n" +
            "Snapshots     0         0         0B        0B\n",
            clean.Stdout);
        var reclaimable = blobs[app.Id] + blobs[app.ManifestDigest] + blobs[app.Layers[1].Descriptor.Digest];
        var images = afterRmi.Stdout.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["Images", "1", "1", PruneCommandTests.Kb(total), PruneCommandTests.Kb(reclaimable), $"({reclaimable * 100 / total}%)"], images);
    }

    [Fact]
    public async Task Check_passes_on_a_clean_store_and_names_a_blob_with_a_flipped_byte()
    {
        var (store, _, app) = await StoreScenario.CreateAsync();
        using var __ = store;

        var clean = store.Kiln("system", "check");

        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.StartsWith("store is consistent: 6 blobs (", clean.Stdout, StringComparison.Ordinal);

        var layer = app.Layers[1].Descriptor.Digest;
        var path = Path.Combine(store.Root, "blobs", "sha256", layer.Encoded);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        var damaged = store.Kiln("system", "check");

        Assert.Equal(1, damaged.ExitCode);
        var problem = Assert.Single(damaged.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("CorruptBlob: " + path + ": ", problem, StringComparison.Ordinal);
        Assert.Contains("not " + layer, problem, StringComparison.Ordinal);
        Assert.Contains("1 problem(s)", damaged.Stderr, StringComparison.Ordinal);
    }
}
