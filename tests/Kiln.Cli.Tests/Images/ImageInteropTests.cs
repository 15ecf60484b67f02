using System.Text.Json;
using Kiln.Oci;
using Kiln.Storage;
using Kiln.Testing;
using static Kiln.Cli.Tests.Images.ImageInteropTestsSupport;

namespace Kiln.Cli.Tests.Images;

/// <summary>
/// <c>kiln save/load/import/export</c> against the real tools (issue 3 acceptance): Docker 20.10's <c>docker save</c>,
/// <c>docker load</c> and <c>docker run</c> on a private engine, skopeo and umoci; and hostile archives given to
/// <c>kiln load</c> and <c>kiln export</c>. Every test uses its own <c>--root</c>.
/// </summary>
public sealed class ImageInteropTests(ImageInteropTestsFixture fixture) : IClassFixture<ImageInteropTestsFixture>, IDisposable
{
    private readonly TempDirectory _dir = new("kiln-interop-test");
    private readonly string _id = Guid.NewGuid().ToString("N")[..10];
    private readonly List<string> _dockerImages = [];

    private string Root => Path.Combine(_dir.Path, "store");

    private string File(string name) => Path.Combine(_dir.Path, name);

    public void Dispose()
    {
        foreach (var image in _dockerImages)
        {
            Docker(fixture.DockerHost, "rmi", "-f", image);
        }

        _dir.Dispose();
    }

    private string DockerName(string repository)
    {
        var name = $"kiln-imgio/{repository}:{_id}";
        _dockerImages.Add(name);
        return name;
    }

    [Fact]
    public void DockerSaveThenKilnLoadThenKilnSaveThenDockerLoadRuns()
    {
        var name = DockerName("roundtrip");
        var imported = Ok(Docker(fixture.DockerHost, "import", fixture.BusyboxRootfs, name), "docker import").Stdout.Trim();
        Ok(Docker(fixture.DockerHost, "save", "-o", File("docker.tar"), name), "docker save");

        var loaded = Ok(RunKiln(Root, "load", "-i", File("docker.tar")), "kiln load");
        Assert.Equal($"Loaded image: {name}\n", loaded.Stdout);
        Ok(RunKiln(Root, "save", "-o", File("kiln.tar"), name), "kiln save");

        Ok(Docker(fixture.DockerHost, "rmi", "-f", name), "docker rmi");
        var dockerLoad = Ok(Docker(fixture.DockerHost, "load", "-i", File("kiln.tar")), "docker load");
        Assert.Contains($"Loaded image: {name}", dockerLoad.Stdout, StringComparison.Ordinal);

        // The config bytes survived both trips: Docker computes the same image ID as before.
        var id = Ok(Docker(fixture.DockerHost, "image", "inspect", "--format", "{{.Id}}", name), "docker inspect").Stdout.Trim();
        Assert.Equal(imported, id);
        var run = Ok(Docker(fixture.DockerHost, "run", "--rm", "--network", "none", name, "/bin/echo", "round trip " + _id), "docker run");
        Assert.Equal("round trip " + _id + "\n", run.Stdout);
    }

    [Fact]
    public void KilnImportThenKilnSaveThenDockerLoadRuns()
    {
        var name = DockerName("imported");
        var imageId = Ok(RunKiln(Root, "import", fixture.BusyboxRootfs, name), "kiln import").Stdout.Trim();
        Assert.Matches("^sha256:[0-9a-f]{64}$", imageId);
        Ok(RunKiln(Root, "save", "-o", File("kiln.tar"), name), "kiln save");

        Assert.Contains($"Loaded image: {name}", Ok(Docker(fixture.DockerHost, "load", "-i", File("kiln.tar")), "docker load").Stdout, StringComparison.Ordinal);
        Assert.Equal(imageId, Ok(Docker(fixture.DockerHost, "image", "inspect", "--format", "{{.Id}}", name), "docker inspect").Stdout.Trim());
        var run = Ok(Docker(fixture.DockerHost, "run", "--rm", "--network", "none", name, "/bin/sh", "-c", "echo imported $((40 + 2))"), "docker run");
        Assert.Equal("imported 42\n", run.Stdout);
    }

    [Fact]
    public async Task OciArchiveIsAcceptedBySkopeoAndUmociAndLoadsBack()
    {
        var name = $"test/bb:{_id}";
        Ok(RunKiln(Root, "import", fixture.BusyboxRootfs, name), "kiln import");
        Ok(RunKiln(Root, "save", "--format", "oci", "-o", File("oci.tar"), name), "kiln save --format oci");
        var store = await LocalStore.OpenAsync(Root);
        var image = await store.GetImageAsync(name);

        using (var inspect = JsonDocument.Parse(Ok(Run("skopeo", ["inspect", "oci-archive:" + File("oci.tar")]), "skopeo inspect").Stdout))
        {
            Assert.Equal(image.ManifestDigest.ToString(), inspect.RootElement.GetProperty("Digest").GetString());
            Assert.Equal(image.Layers.Select(l => l.Digest.ToString()), inspect.RootElement.GetProperty("Layers").EnumerateArray().Select(l => l.GetString()));
            Assert.Equal(Platform.Host().Architecture, inspect.RootElement.GetProperty("Architecture").GetString());
        }

        var layout = File("layout");
        Directory.CreateDirectory(layout);
        Ok(Run("tar", ["-xf", File("oci.tar"), "-C", layout]), "tar -x");
        Ok(Run("umoci", ["unpack", "--image", $"{layout}:docker.io/{name}", File("bundle")]), "umoci unpack");
        Assert.True(System.IO.File.Exists(Path.Combine(File("bundle"), "rootfs", "bin", "busybox")));

        var other = Path.Combine(_dir.Path, "store2");
        Assert.Equal($"Loaded image: {name}\n", Ok(RunKiln(other, "load", "-i", File("oci.tar")), "kiln load (oci)").Stdout);
        Assert.Equal(image.ManifestDigest, (await (await LocalStore.OpenAsync(other)).ResolveAsync(name)).Target.Digest);
    }

    [Fact]
    public async Task OciBlobNotMatchingItsNameIsRejectedAndNeverStored()
    {
        var name = $"test/tamper:{_id}";
        Ok(RunKiln(Root, "import", fixture.BusyboxRootfs, name), "kiln import");
        Ok(RunKiln(Root, "save", "--format", "oci", "-o", File("oci.tar"), name), "kiln save --format oci");
        var layer = (await (await LocalStore.OpenAsync(Root)).GetImageAsync(name)).Layers[0].Digest;
        RewriteMember(File("oci.tar"), File("bad.tar"), $"blobs/sha256/{layer.Encoded}", bytes =>
        {
            bytes[bytes.Length / 2] ^= 0xff;
            return bytes;
        });

        var clean = Path.Combine(_dir.Path, "clean");
        var result = RunKiln(clean, "load", "-i", File("bad.tar"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"blobs/sha256/{layer.Encoded}", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("not to the digest", result.Stderr, StringComparison.Ordinal);
        var store = await LocalStore.OpenAsync(clean);
        Assert.False(await store.Blobs.ExistsAsync(layer));
        Assert.Empty(await store.ListImagesAsync());
        var report = await store.CheckAsync();
        Assert.True(report.IsClean, string.Join("\n", report.Problems));
    }

    [Fact]
    public async Task DockerArchiveWithAWrongDiffIdIsRejected()
    {
        var layer = Layer(("hello.txt", "hello"u8.ToArray()));
        WriteDockerArchive(File("wrong.tar"), [layer], "wrong/diffid:1", [Digest.Compute("not this layer"u8)]);
        var result = RunKiln(Root, "load", "-i", File("wrong.tar"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("DiffID", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("layer0/layer.tar", result.Stderr, StringComparison.Ordinal);
        var store = await LocalStore.OpenAsync(Root);
        Assert.Empty(await store.ListImagesAsync());
        Assert.True((await store.CheckAsync()).IsClean);
    }

    [Fact]
    public async Task TruncatedArchiveIsAClearError()
    {
        WriteDockerArchive(File("whole.tar"), [Layer(("big", new byte[300_000]))], "cut/off:1");
        var bytes = await System.IO.File.ReadAllBytesAsync(File("whole.tar"));
        await System.IO.File.WriteAllBytesAsync(File("cut.tar"), bytes[..(bytes.Length / 2)]);
        var result = RunKiln(Root, "load", "-i", File("cut.tar"));
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"kiln: load: {File("cut.tar")}: the archive is truncated", result.Stderr, StringComparison.Ordinal);
        var store = await LocalStore.OpenAsync(Root);
        Assert.Empty(await store.ListImagesAsync());
        Assert.True((await store.CheckAsync()).IsClean);
    }

    [Fact]
    public void ExportOfHostileLayersNeverWritesOutsideItsTempRoot()
    {
        var marker = "kiln-evil-" + _id;
        WriteDockerArchive(File("climb.tar"), [Layer(("ok.txt", "fine"u8.ToArray()), ("../" + marker, "escaped"u8.ToArray()))], "hostile/climb:1");
        WriteDockerArchive(File("abs.tar"), [Layer(("/" + marker + "-abs", "absolute"u8.ToArray()), ("etc/ok", "ok"u8.ToArray()))], "hostile/abs:1");
        Ok(RunKiln(Root, "load", "-i", File("climb.tar")), "kiln load climb");
        Ok(RunKiln(Root, "load", "-i", File("abs.tar")), "kiln load abs");

        var temp = File("tmp");
        Directory.CreateDirectory(temp);
        var environment = new Dictionary<string, string> { ["TMPDIR"] = temp };
        var climb = KilnWith(Root, environment, "export", "-o", File("climb-out.tar"), "hostile/climb:1");
        Assert.Equal(1, climb.ExitCode);
        Assert.Contains("climbs above the root", climb.Stderr, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(File("climb-out.tar")));

        var abs = Ok(KilnWith(Root, environment, "export", "-o", File("abs-out.tar"), "hostile/abs:1"), "kiln export abs");
        var listing = Ok(Run("tar", ["-tf", File("abs-out.tar")]), "tar -t").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(marker + "-abs", listing);
        Assert.Contains("etc/ok", listing);

        // Nothing escaped: not next to the temp root, not in the test directory, not at the filesystem root.
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.Path, marker + "*", SearchOption.AllDirectories));
        Assert.False(Path.Exists("/" + marker));
        Assert.False(Path.Exists("/" + marker + "-abs"));
        Assert.False(Path.Exists(Path.Combine(Path.GetTempPath(), marker)));
        Assert.Empty(abs.Stderr);
    }
}
