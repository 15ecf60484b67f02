using System.Text.Json;
using Kiln.Runtime.Spec;

namespace Kiln.Runtime.Tests;

/// <summary>The runtime spec Kiln generates: Docker's defaults, the network namespace only for none, PATH, user, mounts.</summary>
public sealed class SpecBuilderTests
{
    [Fact]
    public void HostNetworkSharesTheNamespaceAndNoneGetsItsOwn()
    {
        var host = SpecBuilder.Build(Request(ContainerNetwork.Host));
        var none = SpecBuilder.Build(Request(ContainerNetwork.None));
        Assert.Equal(["pid", "ipc", "uts", "mount"], host.Linux.Namespaces.Select(n => n.Type));
        Assert.Equal(["pid", "ipc", "uts", "mount", "network"], none.Linux.Namespaces.Select(n => n.Type));
    }

    [Fact]
    public void DockerDefaultsAndTheRequestGoIn()
    {
        var spec = SpecBuilder.Build(Request(ContainerNetwork.Host) with
        {
            Uid = 1001,
            Gid = 1002,
            AdditionalGids = [50],
            Mounts = [ContainerMount.Bind("/host/hosts", "/etc/hosts")],
        });
        Assert.Equal(14, spec.Process.Capabilities!.Bounding.Count);
        Assert.Contains("CAP_CHOWN", spec.Process.Capabilities.Effective);
        Assert.DoesNotContain("CAP_SYS_ADMIN", spec.Process.Capabilities.Bounding);
        Assert.True(spec.Process.NoNewPrivileges);
        Assert.Contains("/proc/kcore", spec.Linux.MaskedPaths);
        Assert.Contains("/proc/sys", spec.Linux.ReadonlyPaths);
        Assert.Equal(["/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/etc/hosts"], spec.Mounts.Select(m => m.Destination));
        Assert.Contains("ro", spec.Mounts.Single(m => m.Destination == "/sys").Options!);
        Assert.Equal(["rbind", "ro"], spec.Mounts[^1].Options);
        Assert.Equal("PATH=" + DockerDefaults.Path, spec.Process.Env[0]);
        Assert.Equal((1001u, 1002u), (spec.Process.User.Uid, spec.Process.User.Gid));
        Assert.Equal([50u], spec.Process.User.AdditionalGids!);
        Assert.False(spec.Process.Terminal);
    }

    [Fact]
    public void AnImagePathIsKeptAndTheJsonIsTheSpecsShape()
    {
        var spec = SpecBuilder.Build(Request(ContainerNetwork.Host) with { Env = ["PATH=/opt/bin", "A=1"] });
        Assert.Equal(["PATH=/opt/bin", "A=1"], spec.Process.Env);
        using var json = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(spec, RuntimeJsonContext.Default.RuntimeSpec));
        var root = json.RootElement;
        Assert.Equal("1.0.2", root.GetProperty("ociVersion").GetString());
        Assert.Equal("/rootfs", root.GetProperty("root").GetProperty("path").GetString());
        Assert.Equal("buildkitsandbox", root.GetProperty("hostname").GetString());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("process").GetProperty("args").ValueKind);
        Assert.False(root.GetProperty("process").GetProperty("user").TryGetProperty("additionalGids", out _));
    }

    private static ContainerRequest Request(ContainerNetwork network) =>
        new() { RootFs = "/rootfs", Args = ["/bin/sh", "-c", "true"], Network = network };
}
