using Kiln.Oci.Json;

namespace Kiln.Oci.Tests;

public sealed class PlatformTests
{
    [Theory]
    [InlineData("linux/amd64", "linux/amd64")]
    [InlineData("linux/x86_64", "linux/amd64")]
    [InlineData("linux/x86-64", "linux/amd64")]
    [InlineData("Linux/AMD64", "linux/amd64")]
    [InlineData("linux/amd64/v1", "linux/amd64")]
    [InlineData("linux/amd64/v3", "linux/amd64/v3")]
    [InlineData("linux/aarch64", "linux/arm64")]
    [InlineData("linux/arm64", "linux/arm64")]
    [InlineData("linux/arm64/v8", "linux/arm64")]
    [InlineData("linux/arm64/8", "linux/arm64")]
    [InlineData("linux/arm64/v9", "linux/arm64/v9")]
    [InlineData("linux/armhf", "linux/arm/v7")]
    [InlineData("linux/armel", "linux/arm/v6")]
    [InlineData("linux/arm", "linux/arm/v7")]
    [InlineData("linux/arm/7", "linux/arm/v7")]
    [InlineData("linux/arm/6", "linux/arm/v6")]
    [InlineData("linux/arm/v5", "linux/arm/v5")]
    [InlineData("linux/arm/8", "linux/arm/v8")]
    [InlineData("linux/i386", "linux/386")]
    [InlineData("linux/i686", "linux/386")]
    [InlineData("linux/386", "linux/386")]
    [InlineData("windows/amd64", "windows/amd64")]
    [InlineData("darwin/arm64", "darwin/arm64")]
    [InlineData("macos/arm64", "darwin/arm64")]
    [InlineData("linux/ppc64le", "linux/ppc64le")]
    [InlineData("linux/s390x", "linux/s390x")]
    [InlineData("linux/riscv64", "linux/riscv64")]
    [InlineData("arm64", "linux/arm64")]
    [InlineData(" linux/amd64 ", "linux/amd64")]
    public void Parse_normalises_like_containerd(string specifier, string expected)
    {
        var platform = Platform.Parse(specifier);

        Assert.Equal(expected, platform.ToString());
        Assert.Equal(platform, Platform.Parse(expected));
        Assert.Equal(platform, platform.Normalize());
    }

    [Fact]
    public void Parse_splits_components()
    {
        var platform = Platform.Parse("linux/arm/v7");

        Assert.Equal("linux", platform.OS);
        Assert.Equal("arm", platform.Architecture);
        Assert.Equal("v7", platform.Variant);
        Assert.Null(Platform.Parse("linux/amd64").Variant);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("linux")]
    [InlineData("linux/")]
    [InlineData("/amd64")]
    [InlineData("linux//v7")]
    [InlineData("linux/amd64/v8/extra")]
    [InlineData("linux/am d64")]
    [InlineData("linux/amd64,linux/arm64")]
    public void Parse_rejects_malformed_specifiers(string specifier)
    {
        var ex = Assert.Throws<InvalidPlatformException>(() => Platform.Parse(specifier));

        Assert.Contains($"\"{specifier}\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("os/arch[/variant]", ex.Message, StringComparison.Ordinal);
        Assert.False(Platform.TryParse(specifier, out _));
    }

    [Fact]
    public void ParseList_keeps_order_and_drops_duplicates_after_normalisation()
    {
        var platforms = Platform.ParseList("linux/amd64, linux/arm64,linux/x86_64,linux/arm64/v8,linux/arm/v7");

        Assert.Equal(["linux/amd64", "linux/arm64", "linux/arm/v7"], platforms.Select(p => p.ToString()));
    }

    [Theory]
    [InlineData("linux/arm64", "linux/arm64/v8", true)]
    [InlineData("linux/amd64", "linux/x86_64", true)]
    [InlineData("linux/arm", "linux/arm/v7", true)]
    [InlineData("linux/armhf", "linux/arm/v7", true)]
    [InlineData("linux/arm/v6", "linux/arm/v7", false)]
    [InlineData("linux/amd64", "windows/amd64", false)]
    [InlineData("linux/amd64", "linux/arm64", false)]
    [InlineData("linux/amd64", "linux/amd64/v2", false)]
    public void Matches_compares_normalised_platforms(string a, string b, bool expected)
    {
        Assert.Equal(expected, Platform.Parse(a).Matches(Platform.Parse(b)));
        Assert.Equal(expected, Platform.Parse(b).Matches(Platform.Parse(a)));
    }

    [Fact]
    public void Matches_normalises_unnormalised_records()
    {
        var fromJson = new Platform("Linux", "AARCH64", "v8");

        Assert.NotEqual(Platform.Parse("linux/arm64"), fromJson);
        Assert.True(fromJson.Matches(Platform.Parse("linux/arm64")));
    }

    [Fact]
    public void Matches_compares_os_version_only_when_both_have_one()
    {
        var a = new Platform("windows", "amd64") { OSVersion = "10.0.17763.1" };
        var b = new Platform("windows", "amd64") { OSVersion = "10.0.20348.1" };

        Assert.False(a.Matches(b));
        Assert.True(a.Matches(new Platform("windows", "amd64")));
    }

    [Theory]
    [InlineData("linux/amd64", "linux/386", true)]
    [InlineData("linux/386", "linux/amd64", false)]
    [InlineData("linux/amd64/v3", "linux/amd64/v2", true)]
    [InlineData("linux/amd64/v3", "linux/amd64", true)]
    [InlineData("linux/amd64", "linux/amd64/v2", false)]
    [InlineData("linux/arm64", "linux/arm/v7", true)]
    [InlineData("linux/arm64", "linux/arm/v5", true)]
    [InlineData("linux/arm64", "linux/amd64", false)]
    [InlineData("linux/arm/v7", "linux/arm/v6", true)]
    [InlineData("linux/arm/v6", "linux/arm/v7", false)]
    [InlineData("linux/arm64/v8.2", "linux/arm64/v8.1", true)]
    [InlineData("linux/arm64/v8.2", "linux/arm64", true)]
    [InlineData("linux/arm64", "linux/arm64/v8.1", false)]
    [InlineData("linux/amd64", "windows/amd64", false)]
    [InlineData("linux/amd64", "linux/amd64", true)]
    public void CanRun_follows_containerd_compatibility(string host, string image, bool expected)
    {
        Assert.Equal(expected, Platform.Parse(host).CanRun(Platform.Parse(image)));
    }

    [Fact]
    public void Host_is_a_normalised_platform_of_this_machine()
    {
        var host = Platform.Host();

        Assert.Equal(host, host.Normalize());
        Assert.True(host.Matches(Platform.Parse(host.ToString())));
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal("linux", host.OS);
        }

        var expectedArchitecture = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.X64 => "amd64",
            System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
            _ => host.Architecture,
        };
        Assert.Equal(expectedArchitecture, host.Architecture);
    }

    [Fact]
    public void Serializes_with_oci_field_names_omitting_empty_fields()
    {
        var json = System.Text.Encoding.UTF8.GetString(OciJson.Serialize(Platform.Parse("linux/arm/v7"), OciJson.Context.Platform));
        var windows = new Platform("windows", "amd64") { OSVersion = "10.0.20348.2340", OSFeatures = ["win32k"], Variant = "" };
        var windowsJson = System.Text.Encoding.UTF8.GetString(OciJson.Serialize(windows, OciJson.Context.Platform));

        Assert.Equal("""{"architecture":"arm","os":"linux","variant":"v7"}""", json);
        Assert.Equal("""{"architecture":"amd64","os":"windows","os.version":"10.0.20348.2340","os.features":["win32k"]}""", windowsJson);
    }

    [Fact]
    public void Equality_compares_os_features_by_content()
    {
        var a = new Platform("windows", "amd64") { OSFeatures = ["win32k"] };
        var b = new Platform("windows", "amd64") { OSFeatures = new List<string> { "win32k" } };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }
}
