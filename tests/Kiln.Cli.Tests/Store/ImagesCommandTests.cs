using System.Text.Json;

namespace Kiln.Cli.Tests.Store;

/// <summary><c>kiln images</c> against a real store: the docker-style table, --digests, --no-trunc, -q, JSON lines and the name filter.</summary>
public sealed class ImagesCommandTests
{
    [Fact]
    public async Task Table_lists_images_newest_first_with_short_ids_relative_times_and_uncompressed_sizes()
    {
        var (store, busybox, app) = await StoreScenario.CreateAsync();
        using var _ = store;
        await store.Store.TagAsync(Oci.ImageReference.Parse("localhost:5000/team/tool:v2"), new Oci.Descriptor(Oci.MediaTypes.OciImageManifest, busybox.ManifestDigest, busybox.ManifestSize));

        var result = store.Kiln("images");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2048, busybox.Layers[0].TarLength);
        var expected =
            "REPOSITORY                 TAG       IMAGE ID       CREATED       SIZE\n" +
            $"app                        1.0       {app.Id.Short}   3 days ago    4.1kB\n" +
            $"busybox                    latest    {busybox.Id.Short}   4 weeks ago   2.05kB\n" +
            $"localhost:5000/team/tool   v2        {busybox.Id.Short}   4 weeks ago   2.05kB\n";
        Assert.Equal(expected, result.Stdout);
    }

    [Fact]
    public async Task Digests_adds_the_manifest_digest_and_no_trunc_shows_full_ids()
    {
        var (store, busybox, app) = await StoreScenario.CreateAsync();
        using var _ = store;

        var result = store.Kiln("images", "--digests", "--no-trunc");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["REPOSITORY", "TAG", "DIGEST", "IMAGE", "ID", "CREATED", "SIZE"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"app          1.0       {app.ManifestDigest}   {app.Id}   3 days ago ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith($"busybox      latest    {busybox.ManifestDigest}   {busybox.Id}   4 weeks ago", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quiet_prints_one_id_per_row_and_the_filter_selects_by_name_and_tag()
    {
        var (store, busybox, app) = await StoreScenario.CreateAsync();
        using var _ = store;
        store.Kiln("tag", "app:1.0", "app:1.1").AssertSuccess();

        Assert.Equal($"{app.Id.Short}\n{app.Id.Short}\n{busybox.Id.Short}\n", store.Kiln("images", "-q").Stdout);
        Assert.Equal($"{busybox.Id}\n", store.Kiln("images", "-q", "--no-trunc", "busybox").Stdout);
        Assert.Equal($"{app.Id.Short}\n", store.Kiln("images", "-q", "app:1.1").Stdout);
        Assert.Equal($"{app.Id.Short}\n{app.Id.Short}\n", store.Kiln("images", "-q", "ap*").Stdout);
        Assert.Equal(string.Empty, store.Kiln("images", "-q", "nothing").Stdout);
    }

    [Fact]
    public async Task Json_format_prints_one_object_per_line_with_dockers_keys()
    {
        var (store, _, app) = await StoreScenario.CreateAsync();
        using var __ = store;

        var result = store.Kiln("images", "--format", "json", "app");

        Assert.True(result.ExitCode == 0, result.ToString());
        var line = Assert.Single(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal(
            ["Containers", "CreatedAt", "CreatedSince", "Digest", "ID", "Repository", "SharedSize", "Size", "Tag", "UniqueSize", "VirtualSize"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("app", root.GetProperty("Repository").GetString());
        Assert.Equal("1.0", root.GetProperty("Tag").GetString());
        Assert.Equal(app.Id.Short, root.GetProperty("ID").GetString());
        Assert.Equal(app.ManifestDigest.ToString(), root.GetProperty("Digest").GetString());
        Assert.Equal("3 days ago", root.GetProperty("CreatedSince").GetString());
        Assert.Equal(StoreScenario.AppCreated.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " +0000 UTC", root.GetProperty("CreatedAt").GetString());
        Assert.Equal("4.1kB", root.GetProperty("Size").GetString());
        Assert.Equal("4.096kB", root.GetProperty("VirtualSize").GetString());
        Assert.Equal("N/A", root.GetProperty("Containers").GetString());
    }

    [Fact]
    public async Task An_empty_store_prints_only_the_header()
    {
        using var store = await TestStore.CreateAsync();

        var result = store.Kiln("images");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n", result.Stdout);
    }
}
