using Kiln.Testing;

namespace Kiln.Cli.Tests.Images;

/// <summary>Shared by the interop tests of a class: the private Docker engine, a busybox rootfs tarball, a published kiln.</summary>
public sealed class ImageInteropTestsFixture : IDisposable
{
    private readonly TempDirectory _dir = new("kiln-interop");

    public ImageInteropTestsFixture()
    {
        DockerHost = ImageInteropTestsSupport.StartDocker();
        BusyboxRootfs = Path.Combine(_dir.Path, "busybox-rootfs.tar");
        ImageInteropTestsSupport.MakeBusyboxRootfs(BusyboxRootfs);

        // Publishes the NativeAOT binary once, before any timing-sensitive use.
        ImageInteropTestsSupport.Ok(ImageInteropTestsSupport.RunKiln(Path.Combine(_dir.Path, "warmup-store"), "--help"), "kiln --help");
    }

    public string DockerHost { get; }

    public string BusyboxRootfs { get; }

    public void Dispose() => _dir.Dispose();
}
