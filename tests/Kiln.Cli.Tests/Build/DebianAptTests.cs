using Kiln.Testing;
using static Kiln.Cli.Tests.Images.ImageInteropTestsSupport;

namespace Kiln.Cli.Tests.Build;

/// <summary>
/// Issue #5 acceptance: a Debian base made offline by the test setup (debootstrap minbase from this machine's own
/// mirror, <c>kiln import</c>ed), <c>RUN apt-get update &amp;&amp; apt-get install -y --no-install-recommends curl</c> builds
/// (apt and dpkg need Docker's default capabilities and the host network), and the image runs <c>curl --version</c>
/// under <c>kiln run</c> and, after <c>kiln save | docker load</c>, under <c>docker run</c>.
/// </summary>
public sealed class DebianAptTests
{
    [Fact]
    public void AptGetInstallBuildsAndTheImageRunsUnderKilnAndDocker()
    {
        using var dir = new TempDirectory("kiln-debian");
        var store = Path.Combine(dir.Path, "store");
        var rootfs = Path.Combine(dir.Path, "debian.tar");
        Ok(Run("bash", [Path.Combine(TestPaths.RepositoryRoot, "scripts", "make-debian-rootfs"), rootfs]), "scripts/make-debian-rootfs");
        Ok(RunKiln(store, "import", rootfs, "localhost/kiln-test/debian:bookworm"), "kiln import");

        var context = Path.Combine(dir.Path, "ctx");
        Directory.CreateDirectory(context);
        File.WriteAllText(Path.Combine(context, "Dockerfile"), """
            FROM localhost/kiln-test/debian:bookworm
            RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
            CMD ["curl", "--version"]
            """);
        Ok(RunKiln(store, "build", "--progress=plain", "-t", "localhost/kiln-test/curl:1", context), "kiln build with apt-get");

        var underKiln = Ok(RunKiln(store, "run", "--rm", "localhost/kiln-test/curl:1"), "kiln run curl --version");
        Assert.StartsWith("curl 7.", underKiln.Stdout, StringComparison.Ordinal);

        var host = StartDocker();
        var archive = Path.Combine(dir.Path, "curl.tar");
        Ok(RunKiln(store, "save", "-o", archive, "localhost/kiln-test/curl:1"), "kiln save");
        Ok(Docker(host, "load", "-i", archive), "docker load");
        var underDocker = Ok(Docker(host, "run", "--rm", "--network", "none", "localhost/kiln-test/curl:1"), "docker run");
        Assert.Equal(underKiln.Stdout, underDocker.Stdout);
        Docker(host, "rmi", "-f", "localhost/kiln-test/curl:1");
    }
}
