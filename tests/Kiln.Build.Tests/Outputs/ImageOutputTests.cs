using System.Text.Json;
using Kiln.Archives.Tar;
using Kiln.Build.Outputs;
using Kiln.Oci;
using Kiln.Storage;
using Kiln.Storage.Images;
using Kiln.Testing;

namespace Kiln.Build.Tests.Outputs;

/// <summary>
/// The image-carrying outputs (CLI-OUTPUT-IMAGE, -REGISTRY, -DOCKER, -OCI) from a real store, checked with the real
/// store API, tar, skopeo, umoci and docker load into the private dockerd.
/// </summary>
public sealed class ImageOutputTests : IDisposable
{
    private static readonly ImageReference App1 = ImageReference.Parse("app:1");
    private static readonly ImageReference Other2 = ImageReference.Parse("example.com/team/other:2");

    private readonly TempDirectory _dir = new("kiln-outputs");
    private readonly ImageExporter _exporter = new();

    public void Dispose() => _dir.Dispose();

    private string StoreRoot => Path.Combine(_dir.Path, "store");

    private string Out(string name) => Path.Combine(_dir.Path, "out", name);

    private static Stream NoStdout() => throw new InvalidOperationException("this output must not write to stdout");

    private async Task<(LocalStore Store, StoredImage Image)> StoreWithImageAsync()
    {
        var store = await LocalStore.OpenAsync(StoreRoot);
        return (store, await OutputTestImages.AddAsync(store));
    }

    [Fact]
    public async Task Image_tags_every_name_in_the_store_and_reports_the_manifest()
    {
        var (store, image) = await StoreWithImageAsync();
        var result = await _exporter.ExportAsync(store, image, [App1, Other2], OutputSpec.ForDefault(), NoStdout);

        foreach (var name in new[] { "app:1", "example.com/team/other:2" })
        {
            var resolved = await store.ResolveAsync(name);
            Assert.Equal(image.ManifestDigest, resolved.Target.Digest);
            Assert.Equal("amd64", resolved.Target.Platform?.Architecture);
        }

        Assert.Equal([App1, Other2], result.Names);
        Assert.Equal(image.ManifestDigest, result.Image!.Digest);
        Assert.Equal(image.Manifest.Size, result.Image.Size);
        Assert.Equal(MediaTypes.OciImageManifest, result.Image.MediaType);
        Assert.Equal(image.ImageId.ToString(), result.Image.Annotations!["config.digest"]);
        Assert.Equal("2024-05-06T07:08:09Z", result.Image.Annotations["org.opencontainers.image.created"]);
        Assert.Equal(image.ImageId, result.ConfigDigest);
        Assert.Null(result.Path);

        // skopeo reads the tag straight from the store layout.
        using var inspect = JsonDocument.Parse(ExternalTools.Ok("skopeo", "inspect", $"oci:{StoreRoot}:example.com/team/other:2"));
        Assert.Equal(image.ManifestDigest.ToString(), inspect.RootElement.GetProperty("Digest").GetString());
    }

    [Fact]
    public async Task Image_without_names_leaves_the_image_untagged()
    {
        var (store, image) = await StoreWithImageAsync();
        var result = await _exporter.ExportAsync(store, image, [], OutputSpec.ForDefault(), NoStdout);

        Assert.Empty(result.Names);
        Assert.Empty(await store.ListImagesAsync());
        Assert.Equal(image.ManifestDigest, (await store.ResolveAsync(image.ManifestDigest.ToString())).Target.Digest);
    }

    [Fact]
    public async Task Image_without_names_and_a_dangling_name_prefix_is_named_prefix_at_digest()
    {
        var (store, image) = await StoreWithImageAsync();
        var result = await _exporter.ExportAsync(store, image, [], OutputSpec.Parse("type=image,dangling-name-prefix=kiln-dangling"), NoStdout);

        var name = Assert.Single(result.Names);
        Assert.Equal($"docker.io/library/kiln-dangling@{image.ManifestDigest}", name.ToString());
        var listed = Assert.Single(await store.ListImagesAsync());
        Assert.Equal(image.ManifestDigest, listed.Target.Digest);

        // -t names win over the prefix.
        var tagged = await _exporter.ExportAsync(store, image, [App1], OutputSpec.Parse("type=image,dangling-name-prefix=kiln-dangling"), NoStdout);
        Assert.Equal([App1], tagged.Names);
    }

    [Fact]
    public async Task Tags_replace_the_name_attribute_as_buildx_does()
    {
        var (store, image) = await StoreWithImageAsync();
        var spec = OutputSpec.Parse("type=image,name=from-attribute:1");

        var withTags = await _exporter.ExportAsync(store, image, [App1], spec, NoStdout);
        Assert.Equal([App1], withTags.Names);
        await Assert.ThrowsAsync<Kiln.Storage.Errors.ImageNotFoundException>(() => store.ResolveAsync("from-attribute:1"));

        var withoutTags = await _exporter.ExportAsync(store, image, [], spec, NoStdout);
        Assert.Equal("docker.io/library/from-attribute:1", Assert.Single(withoutTags.Names).ToString());
        Assert.Equal(image.ManifestDigest, (await store.ResolveAsync("from-attribute:1")).Target.Digest);
    }

    [Theory]
    [InlineData("type=registry")]
    [InlineData("type=image,push=true,name=example.com/app:1")]
    public async Task Pushing_without_registry_access_or_a_name_is_refused_and_nothing_is_tagged(string output)
    {
        var (store, image) = await StoreWithImageAsync();
        var spec = OutputSpec.Parse(output);
        ImageExporter.EnsureSupported(spec);

        var error = await Assert.ThrowsAsync<OutputException>(() => _exporter.ExportAsync(store, image, [App1], spec, NoStdout));
        Assert.Equal(OutputException.UnsupportedId, error.Id);
        Assert.Contains("no registry access", error.Message, StringComparison.Ordinal);
        Assert.Empty(await store.ListImagesAsync());

        using var client = new Kiln.Distribution.RegistryClient();
        var withRegistry = new ImageExporter(new ImageExporterOptions { Registry = client });
        var unnamed = await Assert.ThrowsAsync<OutputException>(() => withRegistry.ExportAsync(store, image, [], OutputSpec.ForPush(), NoStdout));
        Assert.Contains("the image has no name", unnamed.Message, StringComparison.Ordinal);
        Assert.Empty(await store.ListImagesAsync());
    }

    [Fact]
    public async Task Cacheonly_writes_and_tags_nothing()
    {
        var (store, image) = await StoreWithImageAsync();
        var result = await _exporter.ExportAsync(store, image, [App1], OutputSpec.Parse("type=cacheonly"), NoStdout);
        Assert.Null(result.Image);
        Assert.Empty(result.Names);
        Assert.Empty(await store.ListImagesAsync());
    }

    [Fact]
    public async Task Docker_without_dest_loads_into_the_store()
    {
        var (store, image) = await StoreWithImageAsync();
        var result = await _exporter.ExportAsync(store, image, [App1], OutputSpec.ForLoad(), NoStdout);
        Assert.Equal(image.ManifestDigest, (await store.ResolveAsync("app:1")).Target.Digest);
        Assert.Equal(image.ImageId, result.ConfigDigest);
    }

    [Fact]
    public async Task Docker_archive_file_is_read_by_tar_and_skopeo_and_loaded_by_docker()
    {
        var (store, image) = await StoreWithImageAsync();
        var tag = "kiln-outputs-test:" + Guid.NewGuid().ToString("N")[..12];
        var path = Out("nested/dir/image.tar");
        var result = await _exporter.ExportAsync(store, image, [ImageReference.Parse(tag)], OutputSpec.Parse($"type=docker,dest={path}"), NoStdout);
        Assert.Equal(path, result.Path);
        Assert.Equal(image.ImageId, result.ConfigDigest);

        var members = ExternalTools.Ok("tar", "-tf", path).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("manifest.json", members);
        Assert.Contains(image.ImageId.Encoded + ".json", members);
        Assert.Equal(2, members.Count(m => m.EndsWith("/layer.tar", StringComparison.Ordinal)));

        using (var inspect = JsonDocument.Parse(ExternalTools.Ok("skopeo", "inspect", "--config", $"docker-archive:{path}")))
        {
            Assert.Equal("/bin/tool", inspect.RootElement.GetProperty("config").GetProperty("Cmd")[0].GetString());
        }

        var host = ExternalTools.StartDocker();
        var environment = new Dictionary<string, string> { ["DOCKER_HOST"] = host };
        var docker = ExternalTools.DockerCli;
        var container = "kiln-outputs-" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            Assert.Contains($"Loaded image: {tag}", ExternalTools.Ok(environment, docker, "load", "-i", path), StringComparison.Ordinal);
            var id = ExternalTools.Ok(environment, docker, "image", "inspect", "--format", "{{.Id}}", tag).Trim();
            Assert.True(id == image.ImageId.ToString() || id == image.ManifestDigest.ToString(), $"docker reports image ID {id}");

            // The flattened filesystem as Docker sees it: the whiteout applied, the second layer's file on top.
            ExternalTools.Ok(environment, docker, "create", "--name", container, tag);
            var copy = Path.Combine(_dir.Path, "from-docker");
            Directory.CreateDirectory(copy);
            ExternalTools.Ok(environment, docker, "cp", $"{container}:/etc/os-release", Path.Combine(copy, "os-release"));
            Assert.Equal("ID=kiln2\n", File.ReadAllText(Path.Combine(copy, "os-release")));
            Assert.NotEqual(0, ExternalTools.Run(environment, docker, "cp", $"{container}:/data/old.txt", Path.Combine(copy, "old.txt")).ExitCode);
        }
        finally
        {
            ExternalTools.Run(environment, docker, "rm", "-f", container);
            ExternalTools.Run(environment, docker, "rmi", "-f", tag);
        }
    }

    [Fact]
    public async Task Docker_archive_to_stdout_names_the_tags_in_repo_tags()
    {
        var (store, image) = await StoreWithImageAsync();
        var stdout = new MemoryStream();
        var result = await _exporter.ExportAsync(store, image, [App1, Other2], OutputSpec.Parse("type=docker,dest=-"), () => stdout);
        Assert.Null(result.Path);

        stdout.Position = 0;
        var files = ReadTar(stdout);
        using var manifest = JsonDocument.Parse(files["manifest.json"]);
        var tags = manifest.RootElement[0].GetProperty("RepoTags").EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.Equal(["app:1", "example.com/team/other:2"], tags);
        Assert.Equal(image.Config.Bytes.ToArray(), files[image.ImageId.Encoded + ".json"]);
    }

    [Fact]
    public async Task Oci_archive_file_is_read_by_skopeo_by_name_with_the_same_digest()
    {
        var (store, image) = await StoreWithImageAsync();
        var path = Out("image.oci.tar");
        var result = await _exporter.ExportAsync(store, image, [App1], OutputSpec.Parse($"type=oci,dest={path}"), NoStdout);
        Assert.Equal(path, result.Path);

        using var inspect = JsonDocument.Parse(ExternalTools.Ok("skopeo", "inspect", $"oci-archive:{path}:docker.io/library/app:1"));
        Assert.Equal(image.ManifestDigest.ToString(), inspect.RootElement.GetProperty("Digest").GetString());
        Assert.Equal(2, inspect.RootElement.GetProperty("Layers").GetArrayLength());
        Assert.Contains("oci-layout", ExternalTools.Ok("tar", "-tf", path).Split('\n'));
    }

    [Fact]
    public async Task Oci_archive_without_dest_goes_to_stdout()
    {
        var (store, image) = await StoreWithImageAsync();
        var stdout = new MemoryStream();
        await _exporter.ExportAsync(store, image, [], OutputSpec.Parse("type=oci"), () => stdout);
        stdout.Position = 0;
        var files = ReadTar(stdout);
        Assert.Equal(image.Manifest.Bytes.ToArray(), files["blobs/sha256/" + image.ManifestDigest.Encoded]);
        Assert.True(files.ContainsKey("index.json"));
    }

    [Fact]
    public async Task Oci_layout_directory_is_read_by_skopeo_and_unpacked_by_umoci()
    {
        var (store, image) = await StoreWithImageAsync();
        var layout = Out("layout");
        var result = await _exporter.ExportAsync(store, image, [App1], OutputSpec.Parse($"type=oci,tar=false,dest={layout}"), NoStdout);
        Assert.Equal(layout, result.Path);
        Assert.Equal("{\"imageLayoutVersion\":\"1.0.0\"}", File.ReadAllText(Path.Combine(layout, "oci-layout")));
        Assert.Empty(Directory.EnumerateFiles(layout, AtomicFile.TempPrefix + "*", SearchOption.AllDirectories));

        using (var inspect = JsonDocument.Parse(ExternalTools.Ok("skopeo", "inspect", $"oci:{layout}:docker.io/library/app:1")))
        {
            Assert.Equal(image.ManifestDigest.ToString(), inspect.RootElement.GetProperty("Digest").GetString());
        }

        Assert.Contains("docker.io/library/app:1", ExternalTools.Ok("umoci", "ls", "--layout", layout).Split('\n').Select(l => l.Trim()));
        var bundle = Path.Combine(_dir.Path, "bundle");
        ExternalTools.Ok("umoci", "unpack", "--image", $"{layout}:docker.io/library/app:1", bundle);
        Assert.Equal("ID=kiln2\n", File.ReadAllText(Path.Combine(bundle, "rootfs", "etc", "os-release")));
        Assert.False(File.Exists(Path.Combine(bundle, "rootfs", "data", "old.txt")));
        Assert.Equal("new\n", File.ReadAllText(Path.Combine(bundle, "rootfs", "data", "new.txt")));
    }

    [Fact]
    public async Task Oci_layout_directory_is_added_to_and_same_names_are_replaced()
    {
        var store = await LocalStore.OpenAsync(StoreRoot);
        var first = await OutputTestImages.AddAsync(store);
        var second = await OutputTestImages.AddAsync(store, OutputTestImages.Layer1());
        var layout = Out("shared-layout");
        var spec = OutputSpec.Parse($"type=oci,tar=false,dest={layout}");

        await _exporter.ExportAsync(store, first, [App1], spec, NoStdout);
        await _exporter.ExportAsync(store, second, [Other2], spec, NoStdout);
        await _exporter.ExportAsync(store, second, [App1], spec, NoStdout); // app:1 moves to the second image
        await _exporter.ExportAsync(store, first, [], spec, NoStdout);
        await _exporter.ExportAsync(store, first, [], spec, NoStdout); // the same unnamed entry is not duplicated

        using var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(layout, "index.json")));
        var entries = index.RootElement.GetProperty("manifests").EnumerateArray()
            .Select(e => (Digest: e.GetProperty("digest").GetString(), Name: e.TryGetProperty("annotations", out var a) ? a.GetProperty("org.opencontainers.image.ref.name").GetString() : null))
            .ToList();
        Assert.Equal(3, entries.Count);
        Assert.Contains((second.ManifestDigest.ToString(), "docker.io/library/app:1"), entries);
        Assert.Contains((second.ManifestDigest.ToString(), "example.com/team/other:2"), entries);
        Assert.Contains((first.ManifestDigest.ToString(), null), entries);

        using var inspect = JsonDocument.Parse(ExternalTools.Ok("skopeo", "inspect", $"oci:{layout}:docker.io/library/app:1"));
        Assert.Equal(second.ManifestDigest.ToString(), inspect.RootElement.GetProperty("Digest").GetString());
        Assert.Equal(1, inspect.RootElement.GetProperty("Layers").GetArrayLength());
    }

    [Fact]
    public async Task Oci_layout_into_a_directory_with_a_foreign_index_json_is_refused()
    {
        var (store, image) = await StoreWithImageAsync();
        var layout = Out("not-a-layout");
        Directory.CreateDirectory(layout);
        File.WriteAllText(Path.Combine(layout, "index.json"), "this is not json");
        var error = await Assert.ThrowsAsync<OutputException>(() => _exporter.ExportAsync(store, image, [], OutputSpec.Parse($"type=oci,tar=false,dest={layout}"), NoStdout));
        Assert.Equal(OutputException.DestinationId, error.Id);
        Assert.Contains("is not an OCI image index", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("type=oci,tar=false")]
    [InlineData("type=oci,tar=false,dest=-")]
    public void Oci_layout_needs_a_directory(string output)
    {
        var error = Assert.Throws<OutputException>(() => ImageExporter.EnsureSupported(OutputSpec.Parse(output)));
        Assert.Equal(OutputException.DestinationId, error.Id);
        Assert.Contains("tar=false writes an OCI layout directory", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("docker")]
    [InlineData("oci")]
    [InlineData("tar")]
    public async Task A_file_output_onto_an_existing_directory_is_refused(string type)
    {
        var (store, image) = await StoreWithImageAsync();
        var directory = Out("a-directory");
        Directory.CreateDirectory(directory);
        var error = await Assert.ThrowsAsync<OutputException>(() => _exporter.ExportAsync(store, image, [], OutputSpec.Parse($"type={type},dest={directory}"), NoStdout));
        Assert.Equal(OutputException.DestinationId, error.Id);
        Assert.Contains($"destination file {directory} is a directory", error.Message, StringComparison.Ordinal);
    }

    internal static Dictionary<string, byte[]> ReadTar(Stream stream)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var reader = new TarReader(stream, leaveOpen: true);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.Type == TarEntryType.RegularFile)
            {
                var content = new MemoryStream();
                reader.Content.CopyTo(content);
                files[entry.Path] = content.ToArray();
            }
        }

        return files;
    }
}
