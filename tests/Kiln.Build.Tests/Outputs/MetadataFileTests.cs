using System.Text;
using System.Text.Json;
using Kiln.Build.Outputs;
using Kiln.Oci;
using Kiln.Storage;
using Kiln.Testing;

namespace Kiln.Build.Tests.Outputs;

/// <summary><c>--iidfile</c> (CLI-IIDFILE) and <c>--metadata-file</c> (CLI-METADATA-FILE) with buildx's format.</summary>
public sealed class MetadataFileTests : IDisposable
{
    private readonly TempDirectory _dir = new("kiln-outputs-meta");

    public void Dispose() => _dir.Dispose();

    private static Stream NoStdout() => throw new InvalidOperationException("this output must not write to stdout");

    [Fact]
    public async Task Iidfile_holds_the_digest_without_a_newline_and_is_replaced()
    {
        var path = Path.Combine(_dir.Path, "sub", "iid");
        var first = Digest.Compute("one"u8);
        var second = Digest.Compute("two"u8);
        await IidFile.WriteAsync(path, first);
        Assert.Equal(first.ToString(), await File.ReadAllTextAsync(path));
        await IidFile.WriteAsync(path, second);
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal("sha256:" + second.Encoded, Encoding.ASCII.GetString(bytes));
        Assert.Equal(71, bytes.Length);
    }

    [Fact]
    public async Task Iidfile_onto_a_directory_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<OutputException>(() => IidFile.WriteAsync(_dir.Path, Digest.Compute("x"u8)));
        Assert.Equal(OutputException.DestinationId, error.Id);
        Assert.Contains("is a directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Iidfile_is_incompatible_with_local_and_tar_outputs_as_in_buildx()
    {
        IidFile.EnsureCompatible([OutputSpec.ForDefault(), OutputSpec.Parse("type=oci,dest=x.tar")]);
        var error = Assert.Throws<OutputException>(() => IidFile.EnsureCompatible([OutputSpec.ForDefault(), OutputSpec.Parse("out")]));
        Assert.Contains("--iidfile cannot be used with local or tar outputs", error.Message, StringComparison.Ordinal);
        Assert.Throws<OutputException>(() => IidFile.EnsureCompatible([OutputSpec.Parse("-")]));
    }

    [Fact]
    public async Task Metadata_of_an_image_build_has_buildx_keys_and_shape()
    {
        var store = await LocalStore.OpenAsync(Path.Combine(_dir.Path, "store"));
        var image = await OutputTestImages.AddAsync(store);
        var exporter = new ImageExporter();
        var results = new[]
        {
            await exporter.ExportAsync(store, image, [], OutputSpec.Parse(Path.Combine(_dir.Path, "local")), NoStdout),
            await exporter.ExportAsync(store, image, [ImageReference.Parse("app:1"), ImageReference.Parse("example.com/x:2")], OutputSpec.ForDefault(), NoStdout),
        };
        var buildRef = BuildMetadata.CreateBuildRef();
        var path = Path.Combine(_dir.Path, "metadata.json");

        await MetadataFile.WriteAsync(path, BuildMetadata.FromResults(results, buildRef));

        var text = await File.ReadAllTextAsync(path);
        var expected =
            "{\n"
            + $"  \"buildx.build.ref\": \"{buildRef}\",\n"
            + $"  \"containerimage.config.digest\": \"{image.ImageId}\",\n"
            + "  \"containerimage.descriptor\": {\n"
            + "    \"annotations\": {\n"
            + $"      \"config.digest\": \"{image.ImageId}\",\n"
            + "      \"org.opencontainers.image.created\": \"2024-05-06T07:08:09Z\"\n"
            + "    },\n"
            + $"    \"digest\": \"{image.ManifestDigest}\",\n"
            + "    \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\",\n"
            + $"    \"size\": {image.Manifest.Size}\n"
            + "  },\n"
            + $"  \"containerimage.digest\": \"{image.ManifestDigest}\",\n"
            + "  \"image.name\": \"docker.io/library/app:1,example.com/x:2\"\n"
            + "}";
        Assert.Equal(expected, text);

        using var json = JsonDocument.Parse(text);
        Assert.Equal(image.ManifestDigest.ToString(), json.RootElement.GetProperty("containerimage.descriptor").GetProperty("digest").GetString());
    }

    [Fact]
    public async Task Metadata_of_a_filesystem_only_build_has_only_the_build_ref()
    {
        var store = await LocalStore.OpenAsync(Path.Combine(_dir.Path, "store"));
        var image = await OutputTestImages.AddAsync(store);
        var result = await new ImageExporter().ExportAsync(store, image, [ImageReference.Parse("app:1")], OutputSpec.Parse("type=tar,dest=" + Path.Combine(_dir.Path, "fs.tar")), NoStdout);
        var path = Path.Combine(_dir.Path, "metadata.json");

        await MetadataFile.WriteAsync(path, BuildMetadata.FromResults([result], "kiln/local/abc"));

        Assert.Equal("{\n  \"buildx.build.ref\": \"kiln/local/abc\"\n}", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public void Metadata_strings_are_escaped_as_go_writes_them()
    {
        var bytes = MetadataFile.Serialize(new BuildMetadata { BuildRef = "a<b>&c+d/é" });
        Assert.Equal("{\n  \"buildx.build.ref\": \"a\\u003cb\\u003e\\u0026c+d/é\"\n}", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Build_refs_look_like_buildx_refs_and_differ()
    {
        var first = BuildMetadata.CreateBuildRef();
        Assert.Matches("^kiln/local/[0-9a-z]{25}$", first);
        Assert.NotEqual(first, BuildMetadata.CreateBuildRef());
    }
}
