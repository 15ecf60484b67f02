using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using Kiln.Cli.Tests.Build;
using Kiln.Testing.Registry;
using static Kiln.Cli.Tests.Images.ImageInteropTestsSupport;

namespace Kiln.Cli.Tests.Registry;

/// <summary>
/// Issue #6 in builds, against the real docker-registry: FROM pulls a base the store lacks (and uses it offline after),
/// <c>--push</c> publishes gzip layers that skopeo and docker accept, <c>--pull</c> fails clearly when the registry is
/// gone, a registry cache lets a second store hit every step, and an image docker pushed is built on by Kiln.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class BuildRegistryTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    [Fact]
    public async Task FromPullsTheBaseAndPushPublishesAnImageDockerRuns()
    {
        using var cli = new RegistryCli();
        string app;
        string context;
        await using (var server = await RegistryServer.StartAsync(RegistryServerMode.Plain))
        {
            var baseName = $"{server.Host}/base/busybox:1";
            Ok(cli.KilnIn(cli.Store("publisher"), null, "import", fixture.BusyboxRootfs, baseName), "kiln import");
            Ok(cli.KilnIn(cli.Store("publisher"), null, "push", baseName), "kiln push base");

            app = $"{server.Host}/app/hello:1";
            context = Path.Combine(cli.Path, "ctx");
            Directory.CreateDirectory(context);
            File.WriteAllText(Path.Combine(context, "Dockerfile"), $"FROM {baseName}\nRUN echo built-by-kiln > /hello\nCMD [\"cat\", \"/hello\"]\n");
            var build = Ok(cli.Kiln("build", "--progress=plain", "--push", "-t", app, context), "kiln build --push");
            Assert.Contains("load metadata for " + baseName, build.Stderr, StringComparison.Ordinal);

            // What the registry holds: an OCI manifest whose two layers are gzip, the config Kiln built.
            var inspect = JsonNode.Parse(Ok(cli.Run("skopeo", ["inspect", "--tls-verify=false", "--raw", "docker://" + app]), "skopeo inspect").Stdout)!;
            var layers = inspect["layers"]!.AsArray();
            Assert.Equal(2, layers.Count);
            Assert.All(layers, l => Assert.Equal("application/vnd.oci.image.layer.v1.tar+gzip", (string?)l!["mediaType"]));
            var imageId = Ok(cli.Kiln("images", "-q", "--no-trunc", app), "kiln images").Stdout.Trim();
            Assert.Equal(imageId, (string?)inspect["config"]!["digest"]);

            // Another machine pulls it and runs it; so does docker.
            Ok(cli.KilnIn(cli.Store("consumer"), null, "pull", app), "kiln pull");
            Assert.Equal("built-by-kiln\n", Ok(cli.KilnIn(cli.Store("consumer"), null, "run", "--rm", app), "kiln run").Stdout);
            var docker = StartDocker();
            Ok(Docker(docker, "pull", app), "docker pull");
            try
            {
                Assert.Equal("built-by-kiln\n", Ok(Docker(docker, "run", "--rm", "--network", "none", app), "docker run").Stdout);
            }
            finally
            {
                Docker(docker, "rmi", "-f", app);
            }
        }

        // The registry is gone: a present base is used offline; --pull says what failed.
        File.WriteAllText(Path.Combine(context, "Dockerfile"), File.ReadAllText(Path.Combine(context, "Dockerfile")).Replace("built-by-kiln", "offline", StringComparison.Ordinal));
        Ok(cli.Kiln("build", "--progress=plain", "-t", "offline:1", context), "offline build with the base present");
        var pull = cli.Kiln("build", "--progress=plain", "--pull", "-t", "offline:2", context);
        Assert.Equal(1, pull.ExitCode);
        Assert.Contains("the pull failed", pull.Stderr, StringComparison.Ordinal);
        Assert.Contains("Dockerfile:1", pull.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegistryCacheGivesASecondMachineEveryStepAndTheSameImage()
    {
        await using var server = await RegistryServer.StartAsync(RegistryServerMode.Plain);
        using var cli = new RegistryCli();
        var baseName = $"{server.Host}/base/busybox:1";
        Ok(cli.KilnIn(cli.Store("publisher"), null, "import", fixture.BusyboxRootfs, baseName), "kiln import");
        Ok(cli.KilnIn(cli.Store("publisher"), null, "push", baseName), "kiln push base");
        var cacheRef = $"{server.Host}/cache/app:buildcache";
        var dockerfile = $"""
            FROM {baseName} AS deps
            COPY deps.txt /deps.txt
            RUN --mount=type=cache,target=/var/cache/app sh -c 'date +%s%N > /var/cache/app/seen; cat /deps.txt > /deps.out'

            FROM {baseName}
            COPY --from=deps /deps.out /deps.out
            COPY app.txt /app.txt
            RUN wc -c /app.txt > /size
            """;

        string Machine(string name)
        {
            var context = Path.Combine(cli.Path, "ctx-" + name);
            Directory.CreateDirectory(context);
            File.WriteAllText(Path.Combine(context, "Dockerfile"), dockerfile);
            File.WriteAllText(Path.Combine(context, "deps.txt"), "left-pad 1.0\n");
            File.WriteAllText(Path.Combine(context, "app.txt"), "console.log('hi')\n");
            return context;
        }

        var first = BuildEvents.Parse(Ok(cli.KilnIn(cli.Store("one"), null, "build", "--progress=rawjson", "-t", "app:1",
            "--cache-to", $"type=registry,ref={cacheRef},mode=max,mounts=true", Machine("one")), "first machine").Stderr);
        Assert.All(first.InstructionSteps, s => Assert.False(s.Cached, s.Name));
        Assert.NotNull(JsonNode.Parse(Ok(cli.Run("skopeo", ["inspect", "--tls-verify=false", "--raw", "docker://" + cacheRef]), "skopeo inspect cache").Stdout));

        var second = BuildEvents.Parse(Ok(cli.KilnIn(cli.Store("two"), null, "build", "--progress=rawjson", "-t", "app:1",
            "--cache-from", $"type=registry,ref={cacheRef}", Machine("two")), "second machine").Stderr);
        Assert.All(second.InstructionSteps, s => Assert.True(s.Cached, s.Name + " should come from the registry cache"));
        Assert.Equal(
            Ok(cli.KilnIn(cli.Store("one"), null, "images", "-q", "--no-trunc", "app:1"), "images one").Stdout,
            Ok(cli.KilnIn(cli.Store("two"), null, "images", "-q", "--no-trunc", "app:1"), "images two").Stdout);
    }

    [Fact]
    public async Task FromPicksTheStagePlatformFromAPushedIndex()
    {
        await using var server = await RegistryServer.StartAsync(RegistryServerMode.Plain);
        using var cli = new RegistryCli();
        var multi = Kiln.Oci.ImageReference.Parse($"{server.Host}/multi/base:1");

        // A two-platform index in a local store (each image's one layer says which platform it is), pushed whole.
        var publisher = await Kiln.Storage.LocalStore.OpenAsync(cli.Store("publisher"));
        var children = new List<Kiln.Oci.Descriptor>();
        foreach (var architecture in (string[])["amd64", "arm64"])
        {
            var tar = Layer(("platform.txt", System.Text.Encoding.UTF8.GetBytes(architecture + "\n")));
            var layer = await publisher.Blobs.WriteAsync(tar, Kiln.Oci.MediaTypes.OciLayer);
            var platform = new Kiln.Oci.Platform("linux", architecture);
            var config = Kiln.Oci.RawDocument.Create(new Kiln.Oci.Images.ImageConfig(platform) { RootFs = new Kiln.Oci.Images.RootFs([Kiln.Oci.Digest.Compute(tar)]) });
            var manifest = await publisher.PutImageAsync(config.Bytes, [layer]);
            children.Add(manifest.ToDescriptor() with { Platform = platform });
        }

        var index = Kiln.Oci.RawDocument.Create(new Kiln.Oci.Images.ImageIndex(Kiln.Oci.MediaTypes.OciImageIndex, children));
        await publisher.TagAsync(multi, await publisher.PutManifestAsync(index.Bytes, index.MediaType));
        Ok(cli.KilnIn(cli.Store("publisher"), null, "push", multi.ToString()), "kiln push index");

        var context = Path.Combine(cli.Path, "ctx");
        Directory.CreateDirectory(context);
        foreach (var (architecture, dockerfile) in (ValueTuple<string, string>[])[
            ("arm64", $"FROM --platform=linux/arm64 {multi}\nCOPY Dockerfile /\n"),
            ("amd64", $"FROM {multi}\nCOPY Dockerfile /\n")])
        {
            File.WriteAllText(Path.Combine(context, "Dockerfile"), dockerfile);
            var store = cli.Store("builder-" + architecture);
            Ok(cli.KilnIn(store, null, "build", "--progress=plain", "-t", "picked:" + architecture, context), "kiln build " + architecture);
            var export = Path.Combine(cli.Path, architecture + ".tar");
            Ok(cli.KilnIn(store, null, "export", "-o", export, "picked:" + architecture), "kiln export");
            var output = Path.Combine(cli.Path, "fs-" + architecture);
            Directory.CreateDirectory(output);
            Ok(cli.Run("tar", ["-xf", export, "-C", output]), "tar -x");
            Assert.Equal(architecture + "\n", File.ReadAllText(Path.Combine(output, "platform.txt")));
        }
    }

    [Fact]
    public async Task AnImageDockerPushedIsBuiltOnByKiln()
    {
        await using var server = await RegistryServer.StartAsync(RegistryServerMode.Plain);
        using var cli = new RegistryCli();
        var docker = StartDocker();
        var local = "localhost/kiln-regtest-" + Guid.NewGuid().ToString("N")[..8] + "/busybox:1";
        var remote = $"{server.Host}/docker/busybox:1";
        Ok(cli.KilnIn(cli.Store("seed"), null, "import", fixture.BusyboxRootfs, local), "kiln import");
        var archive = Path.Combine(cli.Path, "base.tar");
        Ok(cli.KilnIn(cli.Store("seed"), null, "save", "-o", archive, local), "kiln save");
        Ok(Docker(docker, "load", "-i", archive), "docker load");
        try
        {
            Ok(Docker(docker, "tag", local, remote), "docker tag");
            Ok(Docker(docker, "push", remote), "docker push");
        }
        finally
        {
            Docker(docker, "rmi", "-f", local, remote);
        }

        var context = Path.Combine(cli.Path, "ctx");
        Directory.CreateDirectory(context);
        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"FROM {remote}\nRUN echo on-docker-base > /x\n");
        Ok(cli.Kiln("build", "--progress=plain", "-t", "ondocker:1", context), "kiln build on a docker-pushed base");
        Assert.Equal("on-docker-base\n", Ok(cli.Kiln("run", "--rm", "ondocker:1", "cat", "/x"), "kiln run").Stdout);
    }
}
