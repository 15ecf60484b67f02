using System.IO.Compression;
using System.Text;
using Kiln.Testing;
using static Kiln.Cli.Tests.Images.ImageInteropTestsSupport;

namespace Kiln.Cli.Tests.Build;

/// <summary>
/// Issue #5 "A secret's content never reaches a layer, the history, a cache key, a log or the progress output": a build
/// with a random secret from a file and one from the environment uses both in RUN, then every byte the build wrote
/// (the whole store with layer blobs decompressed, the outputs, the progress output) is searched for them.
/// </summary>
public sealed class SecretTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    [Fact]
    public void SecretsReachTheCommandAndNothingElse()
    {
        using var dir = new TempDirectory("kiln-secret");
        var store = fixture.NewStore(dir);
        var fileSecret = "file-secret-" + Guid.NewGuid().ToString("N");
        var envSecret = "env-secret-" + Guid.NewGuid().ToString("N");
        var secretFile = Path.Combine(dir.Path, "token.txt");
        File.WriteAllText(secretFile, fileSecret);
        var context = Path.Combine(dir.Path, "ctx");
        Directory.CreateDirectory(context);
        File.WriteAllText(Path.Combine(context, "Dockerfile"), $$"""
            FROM {{BuildFixture.Base}}
            RUN --mount=type=secret,id=tok,required=true --mount=type=secret,id=api,env=API_TOKEN \
                echo "file=$(wc -c < /run/secrets/tok) mode=$(stat -c %a /run/secrets/tok) env=${#API_TOKEN}" > /lens
            RUN --mount=type=secret,id=absent echo "absent secrets are skipped" > /absent
            """);
        var output = Path.Combine(dir.Path, "out");
        var result = KilnWith(
            store,
            new Dictionary<string, string> { ["KILN_TEST_API_TOKEN"] = envSecret },
            "build", "--progress=rawjson", "-t", "app", "--secret", "id=tok,src=" + secretFile, "--secret", "id=api,env=KILN_TEST_API_TOKEN",
            "-o", "type=image", "-o", "type=local,dest=" + output, "--metadata-file", Path.Combine(dir.Path, "meta.json"), context);
        Ok(result, "build with secrets");

        Assert.Equal($"file={fileSecret.Length} mode=400 env={envSecret.Length}\n", File.ReadAllText(Path.Combine(output, "lens")));
        Assert.True(File.Exists(Path.Combine(output, "absent")));
        Assert.False(Directory.Exists(Path.Combine(output, "run", "secrets")), "the secret mount point must not reach the layer");

        var history = Ok(RunKiln(store, "history", "--no-trunc", "app"), "history");
        foreach (var secret in (string[])[fileSecret, envSecret])
        {
            Assert.DoesNotContain(secret, result.Stdout + result.Stderr + history.Stdout, StringComparison.Ordinal);
            var leaks = Leaks(store, secret).Concat(Leaks(output, secret)).Concat(Leaks(Path.Combine(dir.Path, "meta.json"), secret)).ToList();
            Assert.True(leaks.Count == 0, "the secret was written to: " + string.Join(", ", leaks));
        }

        // The key holds no secret: a different value still hits the cache.
        File.WriteAllText(secretFile, "another-" + fileSecret);
        var again = BuildEvents.Parse(Ok(KilnWith(store, new Dictionary<string, string> { ["KILN_TEST_API_TOKEN"] = "x" }, "build", "--progress=rawjson", "--secret", "id=tok,src=" + secretFile, "--secret", "id=api,env=KILN_TEST_API_TOKEN", context), "rebuild").Stderr);
        Assert.All(again.InstructionSteps, s => Assert.True(s.Cached, s.Name));

        // The search itself finds a secret a command does copy into its layer (so an empty result above means something).
        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"FROM {BuildFixture.Base}\nRUN --mount=type=secret,id=tok cat /run/secrets/tok > /leaked\n");
        Ok(RunKiln(store, "build", "-q", "--secret", "id=tok,src=" + secretFile, context), "deliberately leaking build");
        Assert.Contains(Leaks(Path.Combine(store, "blobs"), "another-" + fileSecret), f => f.Contains("sha256", StringComparison.Ordinal));
    }

    [Fact]
    public void MissingRequiredSecretFailsAndSaysHowToPassIt()
    {
        using var dir = new TempDirectory("kiln-secret-missing");
        var store = fixture.NewStore(dir);
        var context = Path.Combine(dir.Path, "ctx");
        Directory.CreateDirectory(context);
        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"FROM {BuildFixture.Base}\nRUN --mount=type=secret,id=tok,required=true cat /run/secrets/tok\n");
        var failed = RunKiln(store, "build", "--progress=plain", context);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("secret tok not found", failed.Stderr, StringComparison.Ordinal);
        Assert.Contains("--secret id=tok,src=FILE", failed.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Files under <paramref name="path"/> (gzip blobs, the default layer compression, decompressed) that contain <paramref name="secret"/>.</summary>
    private static IEnumerable<string> Leaks(string path, string secret)
    {
        var needle = Encoding.UTF8.GetBytes(secret);
        var files = File.Exists(path) ? [path] : Directory.Exists(path) ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories) : [];
        foreach (var file in files)
        {
            var info = new FileInfo(file);
            if (info.LinkTarget is not null || (info.Attributes & FileAttributes.Device) != 0)
            {
                continue;
            }

            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(file);
            }
            catch (IOException)
            {
                continue; // a socket or fifo
            }

            if (bytes.AsSpan().IndexOf(needle) >= 0 || Decompressed(bytes).AsSpan().IndexOf(needle) >= 0)
            {
                yield return file;
            }
        }
    }

    private static byte[] Decompressed(byte[] bytes)
    {
        try
        {
            if (bytes is [0x1f, 0x8b, ..])
            {
                using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var buffer = new MemoryStream();
                gzip.CopyTo(buffer);
                return buffer.ToArray();
            }
        }
        catch (InvalidDataException)
        {
        }

        return [];
    }
}
