using System.Text.Json;
using Kiln.Oci.Json;

namespace Kiln.Cli.Tests.Store;

/// <summary><c>kiln inspect</c>: docker image inspect's fields and values, built from the stored config and manifest.</summary>
public sealed class InspectCommandTests
{
    [Fact]
    public async Task Inspect_prints_dockers_fields_with_the_stored_values()
    {
        var (store, busybox, app) = await StoreScenario.CreateAsync();
        using var __ = store;

        var result = store.Kiln("inspect", "app:1.0").AssertSuccess();

        Assert.StartsWith("[\n    {\n        \"Id\": \"sha256:", result.Stdout, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(result.Stdout);
        var image = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(
            ["Id", "RepoTags", "RepoDigests", "Parent", "Comment", "Created", "DockerVersion", "Author", "Config", "Architecture", "Os", "Size", "RootFS", "Metadata", "Descriptor"],
            image.EnumerateObject().Select(p => p.Name));
        Assert.Equal(app.Id.ToString(), image.GetProperty("Id").GetString());
        Assert.Equal(["app:1.0"], image.GetProperty("RepoTags").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([$"app@{app.ManifestDigest}"], image.GetProperty("RepoDigests").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(string.Empty, image.GetProperty("Parent").GetString());
        Assert.Equal("buildkit.dockerfile.v0", image.GetProperty("Comment").GetString());
        Assert.Equal(GoTimeConverter.Format(StoreScenario.AppCreated), image.GetProperty("Created").GetString());
        Assert.Equal("Kiln Tests <tests@example.com>", image.GetProperty("Author").GetString());
        Assert.Equal("amd64", image.GetProperty("Architecture").GetString());
        Assert.Equal("linux", image.GetProperty("Os").GetString());
        Assert.Equal(busybox.Layers[0].TarLength + app.Layers[1].TarLength, image.GetProperty("Size").GetInt64());
        var rootfs = image.GetProperty("RootFS");
        Assert.Equal("layers", rootfs.GetProperty("Type").GetString());
        Assert.Equal(app.Layers.Select(l => l.DiffId.ToString()), rootfs.GetProperty("Layers").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("0001-01-01T00:00:00Z", image.GetProperty("Metadata").GetProperty("LastTagTime").GetString());
        Assert.Equal(app.ManifestDigest.ToString(), image.GetProperty("Descriptor").GetProperty("digest").GetString());

        var config = image.GetProperty("Config");
        Assert.Equal("65534:65534", config.GetProperty("User").GetString());
        Assert.Equal("/srv", config.GetProperty("WorkingDir").GetString());
        Assert.Equal(["cat", "/srv/greeting.txt"], config.GetProperty("Cmd").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("hello <world> & more", config.GetProperty("Env")[1].GetString()!["GREETING=".Length..]);
        Assert.Equal("kiln test", config.GetProperty("Labels").GetProperty("org.opencontainers.image.title").GetString());

        // Go's encoder escapes <, > and & in strings, as docker inspect prints them.
        Assert.Contains("hello \\u003cworld\\u003e \\u0026 more", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_by_id_prefix_and_digest_finds_the_same_image()
    {
        var (store, busybox, _) = await StoreScenario.CreateAsync();
        using var __ = store;

        var result = store.Kiln("inspect", busybox.Id.Short[..6], busybox.ManifestDigest.ToString()).AssertSuccess();

        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal([busybox.Id.ToString(), busybox.Id.ToString()], json.RootElement.EnumerateArray().Select(e => e.GetProperty("Id").GetString()));
        Assert.Equal(busybox.Layers[0].TarLength, json.RootElement[0].GetProperty("Size").GetInt64());
    }

    [Fact]
    public async Task Unknown_image_is_reported_and_the_found_ones_still_printed()
    {
        var (store, busybox, _) = await StoreScenario.CreateAsync();
        using var __ = store;

        var result = store.Kiln("inspect", "nosuch", "busybox");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error: No such image: nosuch\n", result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(busybox.Id.ToString(), Assert.Single(json.RootElement.EnumerateArray()).GetProperty("Id").GetString());

        var none = store.Kiln("inspect", "nosuch");
        Assert.Equal(1, none.ExitCode);
        Assert.Equal("[]\n", none.Stdout);
    }
}
