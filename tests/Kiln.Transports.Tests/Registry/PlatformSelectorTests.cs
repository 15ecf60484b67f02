using Kiln.Oci;
using Kiln.Oci.Images;
using Kiln.Transports.Registry;

namespace Kiln.Transports.Tests.Registry;

public sealed class PlatformSelectorTests
{
    private static Descriptor Child(string platform, int seed) =>
        new(MediaTypes.OciImageManifest, Digest.Compute([(byte)seed]), 100) { Platform = Platform.Parse(platform) };

    [Fact]
    public void Exact_matches_win_then_platforms_the_host_can_run()
    {
        var index = new ImageIndex(MediaTypes.OciImageIndex, [Child("linux/386", 1), Child("linux/arm/v7", 2), Child("linux/arm64", 3), Child("linux/amd64", 4)]);
        Assert.Equal(Digest.Compute([4]), PlatformSelector.Select(index, Platform.Parse("linux/amd64"))!.Digest);
        Assert.Equal(Digest.Compute([3]), PlatformSelector.Select(index, Platform.Parse("linux/arm64/v8"))!.Digest);

        var only386 = new ImageIndex(MediaTypes.OciImageIndex, [Child("linux/386", 1), Child("linux/arm/v7", 2)]);
        Assert.Equal(Digest.Compute([1]), PlatformSelector.Select(only386, Platform.Parse("linux/amd64"))!.Digest);
        Assert.Equal(Digest.Compute([2]), PlatformSelector.Select(only386, Platform.Parse("linux/arm64"))!.Digest);
        Assert.Null(PlatformSelector.Select(only386, Platform.Parse("linux/s390x")));
    }

    [Fact]
    public void Attestations_are_never_chosen_and_a_lone_unlabelled_manifest_is()
    {
        var attestation = new Descriptor(MediaTypes.OciImageManifest, Digest.Compute([9]), 10) { Platform = new Platform("unknown", "unknown") };
        var index = new ImageIndex(MediaTypes.OciImageIndex, [Child("linux/amd64", 4), attestation]);
        Assert.Equal(Digest.Compute([4]), PlatformSelector.Select(index, Platform.Parse("linux/amd64"))!.Digest);

        var lone = new ImageIndex(MediaTypes.OciImageIndex, [new Descriptor(MediaTypes.OciImageManifest, Digest.Compute([5]), 10)]);
        Assert.Equal(Digest.Compute([5]), PlatformSelector.Select(lone, Platform.Parse("linux/arm64"))!.Digest);
    }
}
