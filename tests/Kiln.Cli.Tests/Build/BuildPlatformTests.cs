using Kiln.Testing;
using static Kiln.Cli.Tests.Images.ImageInteropTestsSupport;

namespace Kiln.Cli.Tests.Build;

/// <summary>
/// <c>--platform</c> for a single platform: the image config carries the target platform, and a base of another
/// platform builds on with BuildKit's InvalidBaseImagePlatform warning (LINT-INVALID-BASE-PLATFORM).
/// </summary>
public sealed class BuildPlatformTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    [Fact]
    public void ScratchTakesTheTargetPlatformAndAForeignBaseIsWarnedAbout()
    {
        using var dir = new TempDirectory("kiln-build-platform");
        var store = fixture.NewStore(dir);
        var context = Path.Combine(dir.Path, "ctx");
        Directory.CreateDirectory(context);
        File.WriteAllText(Path.Combine(context, "a.txt"), "A\n");

        File.WriteAllText(Path.Combine(context, "Dockerfile"), "FROM scratch\nCOPY a.txt /a.txt\n");
        Ok(RunKiln(store, "build", "-q", "--platform", "linux/arm64", "-t", "arm", context), "scratch build for arm64");
        var inspect = Ok(RunKiln(store, "inspect", "arm"), "inspect").Stdout;
        Assert.Contains("\"Architecture\": \"arm64\"", inspect, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"FROM {BuildFixture.Base}\nCOPY a.txt /a.txt\n");
        var native = Ok(RunKiln(store, "build", "--progress=plain", "--platform", "linux/amd64", context), "build for the base's own platform");
        Assert.DoesNotContain("InvalidBaseImagePlatform", native.Stderr, StringComparison.Ordinal);
        var foreign = Ok(RunKiln(store, "build", "--progress=plain", "--platform", "linux/arm64", context), "build for another platform");
        Assert.Contains("InvalidBaseImagePlatform", foreign.Stderr, StringComparison.Ordinal);
        Assert.Contains("was pulled with platform \"linux/amd64\", expected \"linux/arm64\"", foreign.Stderr, StringComparison.Ordinal);
    }
}
