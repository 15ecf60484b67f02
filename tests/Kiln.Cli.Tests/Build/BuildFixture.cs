using Kiln.Cli.Tests.Images;
using Kiln.Testing;

namespace Kiln.Cli.Tests.Build;

/// <summary>
/// Shared by the build tests: a store with a busybox base imported as <c>localhost/kiln-test/busybox:1.36</c> (made offline
/// from busybox-static), and the published kiln binary. Each test copies the store's base into its own store root.
/// </summary>
public sealed class BuildFixture : IDisposable
{
    public const string Base = "localhost/kiln-test/busybox:1.36";

    private readonly TempDirectory _dir = new("kiln-build-fixture");

    public BuildFixture()
    {
        BusyboxRootfs = Path.Combine(_dir.Path, "busybox-rootfs.tar");
        ImageInteropTestsSupport.MakeBusyboxRootfs(BusyboxRootfs);
    }

    public string BusyboxRootfs { get; }

    /// <summary>A new store with the busybox base imported.</summary>
    public string NewStore(TempDirectory owner)
    {
        var root = Path.Combine(owner.Path, "store");
        ImageInteropTestsSupport.Ok(ImageInteropTestsSupport.RunKiln(root, "import", BusyboxRootfs, Base), "kiln import busybox");
        return root;
    }

    public void Dispose() => _dir.Dispose();
}
