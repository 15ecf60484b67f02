using System.Globalization;
using Kiln.Oci;

namespace Kiln.Cli.Tests.Store;

/// <summary><c>kiln prune</c>: frees exactly the blobs of untagged images, keeps shared layers, reports the reclaimed space.</summary>
public sealed class PruneCommandTests
{
    [Fact]
    public async Task Prune_removes_exactly_the_untagged_images_own_blobs()
    {
        var (store, busybox, app) = await StoreScenario.CreateAsync();
        using var __ = store;
        var before = BlobSizes(store.Root);
        store.Kiln("rmi", "app:1.0").AssertSuccess();

        var result = store.Kiln("prune", "-f").AssertSuccess();

        // The app's config, manifest and own layer go; the base layer it shares with busybox stays.
        Digest[] expected = [app.Id, app.ManifestDigest, app.Layers[1].Descriptor.Digest];
        var after = BlobSizes(store.Root);
        Assert.Equal(before.Keys.Except(expected).Select(d => d.ToString()).Order(StringComparer.Ordinal), after.Keys.Select(d => d.ToString()).Order(StringComparer.Ordinal));
        Assert.Contains(busybox.Layers[0].Descriptor.Digest, after.Keys);
        var freed = expected.Sum(d => before[d]);
        var lines = expected.Select(d => "deleted: " + d).Order(StringComparer.Ordinal);
        Assert.Equal(
            "Deleted blobs:\n" + string.Join("\n", lines) + "\n\nTotal reclaimed space: " + Kb(freed) + "\n",
            result.Stdout);

        var again = store.Kiln("prune", "--force").AssertSuccess();
        Assert.Equal("Total reclaimed space: 0B\n", again.Stdout);
        store.Kiln("system", "check").AssertSuccess();
        Assert.Equal($"{busybox.Id.Short}\n", store.Kiln("images", "-q").Stdout);
    }

    [Fact]
    public async Task Without_a_terminal_prune_runs_without_asking()
    {
        var (store, _, app) = await StoreScenario.CreateAsync();
        using var __ = store;
        store.Kiln("rmi", "app:1.0").AssertSuccess();

        var result = store.Kiln("prune");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("deleted: " + app.ManifestDigest, result.Stdout, StringComparison.Ordinal);
    }

    internal static Dictionary<Digest, long> BlobSizes(string root) =>
        Directory.EnumerateFiles(Path.Combine(root, "blobs", "sha256"))
            .ToDictionary(f => Digest.Parse("sha256:" + Path.GetFileName(f)), f => new FileInfo(f).Length);

    /// <summary>A size between 1 kB and 10 kB as Docker's 4-digit human size prints it (exact to the byte).</summary>
    internal static string Kb(long bytes)
    {
        Assert.InRange(bytes, 1000, 9999);
        var text = (bytes / 1000).ToString(CultureInfo.InvariantCulture) + "." + (bytes % 1000).ToString("D3", CultureInfo.InvariantCulture);
        return text.TrimEnd('0').TrimEnd('.') + "kB";
    }
}
