using System.Diagnostics;
using System.Text.Json;
using Kiln.Testing;

namespace Kiln.Storage.Tests;

/// <summary>The store is an OCI image layout that the real skopeo and umoci read (issue 3 acceptance).</summary>
public sealed class ExternalToolTests : IDisposable
{
    private readonly TempDirectory _dir = new("kiln-store");

    public void Dispose() => _dir.Dispose();

    private static async Task<string> RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await error}");
        return await output;
    }

    private async Task<Kiln.Oci.RawDocument<Kiln.Oci.Images.ImageManifest>> StoreWithImageAsync(LocalStore store)
    {
        var bottom = await TestImages.AddLayerAsync(store, TestImages.Tar(("etc", null), ("etc/os-release", "ID=kiln\n")));
        var top = await TestImages.AddLayerAsync(store, TestImages.Tar(("app", null), ("app/run.sh", "echo hi\n")));
        return await TestImages.AddImageAsync(store, [bottom, top], "app:1.0");
    }

    [Fact]
    public async Task SkopeoInspectsTheStoreByFullReference()
    {
        var store = await LocalStore.OpenAsync(_dir.Path);
        var manifest = await StoreWithImageAsync(store);
        using var json = JsonDocument.Parse(await RunAsync("skopeo", "inspect", $"oci:{_dir.Path}:docker.io/library/app:1.0"));
        Assert.Equal(manifest.Digest.ToString(), json.RootElement.GetProperty("Digest").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("Layers").GetArrayLength());
        Assert.Equal("amd64", json.RootElement.GetProperty("Architecture").GetString());

        using var raw = JsonDocument.Parse(await RunAsync("skopeo", "inspect", "--raw", $"oci:{_dir.Path}:docker.io/library/app:1.0"));
        Assert.Equal(manifest.Value.Config.Digest.ToString(), raw.RootElement.GetProperty("config").GetProperty("digest").GetString());
    }

    [Fact]
    public async Task SkopeoCopyFromTheStoreKeepsDigests()
    {
        var store = await LocalStore.OpenAsync(_dir.Path);
        var manifest = await StoreWithImageAsync(store);
        using var target = new TempDirectory("kiln-oci-copy");
        await RunAsync("skopeo", "copy", $"oci:{_dir.Path}:docker.io/library/app:1.0", $"oci:{target.Path}:copy");
        using var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(target.Path, "index.json")));
        Assert.Equal(manifest.Digest.ToString(), index.RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString());
    }

    [Fact]
    public async Task UmociListsTheReference()
    {
        var store = await LocalStore.OpenAsync(_dir.Path);
        await StoreWithImageAsync(store);
        var output = await RunAsync("umoci", "ls", "--layout", _dir.Path);
        Assert.Contains("docker.io/library/app:1.0", output.Split('\n').Select(l => l.Trim()));
        await RunAsync("umoci", "stat", "--image", $"{_dir.Path}:docker.io/library/app:1.0");
    }
}
