using System.Security.Cryptography;
using System.Text.Json;
using Kiln.Testing;
using static Kiln.Cli.Tests.Images.ImageInteropTestsSupport;

namespace Kiln.Cli.Tests.Build;

/// <summary>
/// Sharing the build cache between machines (issue #6, CLI-CACHE-FROM, CLI-CACHE-TO, docs/cache-format.md): two stores
/// with the same base image (moved as an OCI archive, as a registry would) and their own copies of one project; the
/// second imports what the first exported and must hit, produce the same image, and reject damaged caches.
/// </summary>
public sealed class CacheShareTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    private static readonly string MultiStage = $"""
        FROM {BuildFixture.Base} AS builder
        COPY src.txt /src.txt
        RUN sh -c 'cat /src.txt > /built.txt; echo built >> /built.txt'

        FROM {BuildFixture.Base}
        COPY app.txt /app/app.txt
        WORKDIR /app
        COPY --from=builder /built.txt /app/built.txt
        RUN cat /app/app.txt /app/built.txt > /app/all.txt
        """;

    [Fact]
    public void ModeMaxLocalCacheGivesTheSecondMachineEveryStepAndTheSameImage()
    {
        using var dir = new TempDirectory("kiln-cache-share");
        var (a, b) = Machines(dir, MultiStage);
        var cache = Path.Combine(dir.Path, "cache");

        var first = Build(a, "--cache-to", $"type=local,dest={cache},mode=max");
        Assert.All(first.Events.InstructionSteps, s => Assert.False(s.Cached, s.Name + " should run on the first machine"));
        Assert.True(File.Exists(Path.Combine(cache, "index.json")) && File.Exists(Path.Combine(cache, "oci-layout")), "the cache should be an OCI layout");
        var manifest = CacheManifest(cache);
        Assert.Equal("application/vnd.kiln.cache.v1+json", manifest.GetProperty("artifactType").GetString());
        Assert.Equal("application/vnd.kiln.cache.config.v1+json", manifest.GetProperty("config").GetProperty("mediaType").GetString());

        var second = Build(b, "--cache-from", $"type=local,src={cache}");
        Assert.Equal(6, second.Events.InstructionSteps.Count);
        Assert.All(second.Events.InstructionSteps, s => Assert.True(s.Cached, s.Name + " should hit the imported cache"));
        Assert.Equal(first.ManifestDigest, second.ManifestDigest);
        Assert.Equal(first.ImageId, second.ImageId);

        // CI style: import from and export to the same directory; the same records make the same cache manifest.
        var before = File.ReadAllText(Path.Combine(cache, "index.json"));
        Build(b, "--cache-from", $"type=local,src={cache}", "--cache-to", $"type=local,dest={cache},mode=max");
        Assert.Equal(before, File.ReadAllText(Path.Combine(cache, "index.json")));

        // The imported records are now the second machine's own: a build without --cache-from hits too.
        Assert.All(Build(b).Events.InstructionSteps, s => Assert.True(s.Cached, s.Name + " should hit the records kept from the import"));
        Ok(RunKiln(b.Store, "system", "check"), "kiln system check");
    }

    [Fact]
    public void ModeMinExportsOnlyTheFinalStagesAndModeMaxEveryStage()
    {
        using var dir = new TempDirectory("kiln-cache-share-min");
        var (a, b) = Machines(dir, MultiStage);
        var min = Path.Combine(dir.Path, "min");
        var max = Path.Combine(dir.Path, "max");
        Build(a, "--cache-to", $"type=local,dest={min}", "--cache-to", $"type=local,dest={max},mode=max");
        Assert.Equal(4, Records(min).Count);
        Assert.Equal(6, Records(max).Count);
        Assert.All(Records(min), r => Assert.False(r.TryGetProperty("stage", out _), "mode=min should hold only the final stage's steps"));
        Assert.Equal(2, Records(max).Count(r => r.TryGetProperty("stage", out var stage) && stage.GetString() == "builder"));

        // min: the builder stage runs again (its RUN is deterministic), the final stage's steps all hit.
        var second = Build(b, "--cache-from", $"type=local,src={min}");
        Assert.False(second.Events.Named("[builder 2/3] COPY").Cached);
        Assert.False(second.Events.Named("[builder 3/3] RUN").Cached);
        Assert.All(second.Events.InstructionSteps.Where(s => s.Name.StartsWith("[stage-1", StringComparison.Ordinal)), s => Assert.True(s.Cached, s.Name + " should hit"));
    }

    [Fact]
    public void InlineCacheTravelsWithTheImage()
    {
        using var dir = new TempDirectory("kiln-cache-share-inline");
        var (a, b) = Machines(dir, MultiStage);
        var first = Build(a, "--cache-to", "type=inline");
        var annotations = JsonDocument.Parse(RawManifest(a.Store, first.ManifestDigest!)).RootElement.GetProperty("annotations");
        Assert.Contains("\"kiln.cache.v1\"", annotations.GetProperty("dev.kiln.cache.v1").GetString(), StringComparison.Ordinal);

        var mode = RunKiln(a.Store, "build", "--cache-to", "type=inline,mode=max", a.Context);
        Assert.Equal(2, mode.ExitCode);
        Assert.Contains("type=inline supports only mode=min", mode.Stderr, StringComparison.Ordinal);

        // The image moves to the second machine (as a pull would bring it) and seeds its build.
        var archive = Path.Combine(dir.Path, "app.tar");
        Ok(RunKiln(a.Store, "save", "--format", "oci", "-o", archive, "app"), "kiln save app");
        Ok(RunKiln(b.Store, "load", "-i", archive), "kiln load app");
        Ok(RunKiln(b.Store, "tag", "app", "seed"), "kiln tag");
        var second = Build(b, "--cache-from", "type=image,ref=seed");
        Assert.All(second.Events.InstructionSteps.Where(s => s.Name.StartsWith("[stage-1", StringComparison.Ordinal)), s => Assert.True(s.Cached, s.Name + " should hit the inline cache"));
        Assert.False(second.Events.Named("[builder 3/3] RUN").Cached);
        Assert.Equal(first.ImageId, second.ImageId);
    }

    [Fact]
    public void ExportedCacheMountsSeedTheSecondMachinesRun()
    {
        using var dir = new TempDirectory("kiln-cache-share-mounts");
        var (a, b) = Machines(dir, $"""
            FROM {BuildFixture.Base}
            ARG STEP
            RUN --mount=type=cache,target=/c,id=shared sh -c 'if [ "$STEP" = write ]; then mkdir -p /c/sub; echo from-a > /c/sub/f; fi; cat /c/sub/f > /seen 2>/dev/null || echo none > /seen'
            """);
        var cache = Path.Combine(dir.Path, "cache");
        Build(a, "--build-arg", "STEP=write", "--cache-to", $"type=local,dest={cache},mounts=true");
        var mountLayer = CacheManifest(cache).GetProperty("layers").EnumerateArray()
            .Single(l => l.TryGetProperty("annotations", out var x) && x.GetProperty("dev.kiln.cache.mount.id").GetString() == "shared");
        Assert.Equal("application/vnd.oci.image.layer.v1.tar+gzip", mountLayer.GetProperty("mediaType").GetString());

        // Another build arg: the RUN misses on the second machine, and finds the first machine's cache mount.
        var output = Path.Combine(dir.Path, "out");
        var second = Build(b, "--build-arg", "STEP=read", "--cache-from", $"type=local,src={cache}", "-o", $"type=local,dest={output}");
        Assert.False(second.Events.Named("RUN --mount").Cached);
        Assert.Equal("from-a\n", File.ReadAllText(Path.Combine(output, "seen")));

        // Without mounts=true nothing of the mount is exported.
        var plain = Path.Combine(dir.Path, "plain");
        Build(a, "--build-arg", "STEP=write", "--cache-to", $"type=local,dest={plain}");
        Assert.DoesNotContain(CacheManifest(plain).GetProperty("layers").EnumerateArray(), l => l.TryGetProperty("annotations", out _));
    }

    [Fact]
    public void CorruptedBlobIsAMissAndIsNeverStored()
    {
        using var dir = new TempDirectory("kiln-cache-share-corrupt");
        var (a, b) = Machines(dir, MultiStage);
        var cache = Path.Combine(dir.Path, "cache");
        Build(a, "--cache-to", $"type=local,dest={cache},mode=max");
        var copyApp = Records(cache).Single(r => r.GetProperty("description").GetString()!.Contains("COPY app.txt", StringComparison.Ordinal));
        var digest = copyApp.GetProperty("layer").GetProperty("digest").GetString()!;
        var blob = Path.Combine(cache, "blobs", "sha256", digest["sha256:".Length..]);
        var bytes = File.ReadAllBytes(blob);
        bytes[^1] ^= 0xff;
        File.WriteAllBytes(blob, bytes);

        var second = Build(b, "--cache-from", $"type=local,src={cache}");
        Assert.False(second.Events.Named("COPY app.txt").Cached);
        Assert.True(second.Events.Named("RUN cat").Cached, "steps after the damaged one still hit");
        Assert.Contains($"blob {digest}", second.Stderr, StringComparison.Ordinal);
        Assert.Contains("does not match its digest", second.Stderr, StringComparison.Ordinal);

        // The damaged bytes never reach the store (the step's own layer differs: its files' mtimes are this machine's).
        var stored = Path.Combine(b.Store, "blobs", "sha256", digest["sha256:".Length..]);
        Assert.True(!File.Exists(stored) || digest == "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(stored))), "a blob stored under the digest must match it");
        Assert.DoesNotContain(Directory.EnumerateFiles(Path.Combine(b.Store, "blobs", "sha256")), f => SHA256.HashData(File.ReadAllBytes(f)).SequenceEqual(SHA256.HashData(bytes)));
        Ok(RunKiln(b.Store, "system", "check"), "kiln system check");
    }

    [Fact]
    public void MalformedManifestFailsNamingTheSource()
    {
        using var dir = new TempDirectory("kiln-cache-share-malformed");
        var (_, b) = Machines(dir, MultiStage);
        var cache = Path.Combine(dir.Path, "cache");
        var bad = "{\"schemaVersion\":2,\"layers\":\"nope\"}"u8.ToArray();
        var hex = Convert.ToHexStringLower(SHA256.HashData(bad));
        Directory.CreateDirectory(Path.Combine(cache, "blobs", "sha256"));
        File.WriteAllBytes(Path.Combine(cache, "blobs", "sha256", hex), bad);
        File.WriteAllText(Path.Combine(cache, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        var entry = "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:" + hex + "\",\"size\":" + bad.Length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"latest\"}}";
        File.WriteAllText(Path.Combine(cache, "index.json"), "{\"schemaVersion\":2,\"manifests\":[" + entry + "]}");

        var result = RunKiln(b.Store, "build", "--cache-from", $"type=local,src={cache}", b.Context);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"local cache {cache}: the manifest is not an OCI image manifest", result.Stderr, StringComparison.Ordinal);

        // A missing cache is not an error: the build goes on cold.
        var missing = Build(b, "--cache-from", $"type=local,src={Path.Combine(dir.Path, "none")}");
        Assert.All(missing.Events.InstructionSteps, s => Assert.False(s.Cached));
    }

    [Theory]
    [InlineData("--cache-to", "type=gha", "type=gha is not supported: use local, inline or registry")]
    [InlineData("--cache-from", "type=s3,bucket=b", "type=s3 is not supported: use local, inline or registry")]
    [InlineData("--cache-to", "type=local", "type=local needs dest=DIR")]
    [InlineData("--cache-to", "type=local,dest=/tmp/x,mode=all", "invalid mode \"all\": use min or max")]
    [InlineData("--cache-from", "type=local,src=/tmp/x,dest=/tmp/y", "unknown key \"dest\" for type=local")]
    [InlineData("--cache-from", "type=inline", "type=inline is for --cache-to")]
    [InlineData("--cache-to", "type=registry,ref=127.0.0.1:1/app:cache", "exporting the cache failed")]
    public void BadValuesFailWithAMessageNamingTheProblem(string flag, string value, string message)
    {
        using var dir = new TempDirectory("kiln-cache-share-args");
        var context = Path.Combine(dir.Path, "ctx");
        Directory.CreateDirectory(context);
        File.WriteAllText(Path.Combine(context, "Dockerfile"), "FROM scratch\nCOPY Dockerfile /\n");
        var result = RunKiln(Path.Combine(dir.Path, "store"), "build", flag, value, context);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void UnreachableRegistryCacheIsAWarningAndTheBuildGoesOn()
    {
        using var dir = new TempDirectory("kiln-cache-share-unreachable");
        var context = Path.Combine(dir.Path, "ctx");
        Directory.CreateDirectory(context);
        File.WriteAllText(Path.Combine(context, "Dockerfile"), "FROM scratch\nCOPY Dockerfile /\n");
        var result = Ok(RunKiln(Path.Combine(dir.Path, "store"), "build", "--progress=plain", "--cache-from", "type=registry,ref=127.0.0.1:1/app:cache", context), "build with an unreachable cache");
        Assert.Contains("warning: cannot import the cache", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Two stores with the same base image and each its own copy of one project.</summary>
    private (Machine A, Machine B) Machines(TempDirectory dir, string dockerfile)
    {
        var a = new Machine(fixture.NewStore(dir), Path.Combine(dir.Path, "ctx-a"));
        var b = new Machine(Path.Combine(dir.Path, "store-b"), Path.Combine(dir.Path, "ctx-b"));
        var archive = Path.Combine(dir.Path, "base.tar");
        Ok(RunKiln(a.Store, "save", "--format", "oci", "-o", archive, BuildFixture.Base), "kiln save base");
        Ok(RunKiln(b.Store, "load", "-i", archive), "kiln load base");
        foreach (var context in (string[])[a.Context, b.Context])
        {
            Directory.CreateDirectory(context);
            File.WriteAllText(Path.Combine(context, "Dockerfile"), dockerfile);
            File.WriteAllText(Path.Combine(context, "src.txt"), "source\n");
            File.WriteAllText(Path.Combine(context, "app.txt"), "app\n");
        }

        return (a, b);
    }

    private static Built Build(Machine machine, params string[] args)
    {
        var metadata = Path.Combine(Path.GetDirectoryName(machine.Context)!, "metadata-" + Guid.NewGuid().ToString("N") + ".json");
        var result = Ok(RunKiln(machine.Store, ["build", "--progress=rawjson", "-t", "app", "--metadata-file", metadata, .. args, machine.Context]), "kiln build " + string.Join(' ', args));
        using var document = JsonDocument.Parse(File.ReadAllText(metadata));
        var root = document.RootElement;
        return new Built(
            BuildEvents.Parse(result.Stderr),
            root.TryGetProperty("containerimage.digest", out var manifest) ? manifest.GetString() : null,
            root.TryGetProperty("containerimage.config.digest", out var config) ? config.GetString() : null,
            result.Stderr);
    }

    private static JsonElement CacheManifest(string cache)
    {
        var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(cache, "index.json"))).RootElement;
        var digest = index.GetProperty("manifests").EnumerateArray().Last().GetProperty("digest").GetString()!;
        return JsonDocument.Parse(File.ReadAllBytes(Path.Combine(cache, "blobs", "sha256", digest["sha256:".Length..]))).RootElement;
    }

    private static List<JsonElement> Records(string cache)
    {
        var config = CacheManifest(cache).GetProperty("config").GetProperty("digest").GetString()!;
        var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(cache, "blobs", "sha256", config["sha256:".Length..]))).RootElement;
        return [.. document.GetProperty("records").EnumerateArray()];
    }

    private static byte[] RawManifest(string store, string digest) =>
        File.ReadAllBytes(Path.Combine(store, "blobs", "sha256", digest["sha256:".Length..]));

    private sealed record Machine(string Store, string Context);

    private sealed record Built(BuildEvents Events, string? ManifestDigest, string? ImageId, string Stderr);
}
