using Kiln.Testing;
using static Kiln.Cli.Tests.Images.ImageInteropTestsSupport;

namespace Kiln.Cli.Tests.Differential;

/// <summary>
/// Shared by the differential cases: the private dockerd, one Kiln store, the same busybox base in both
/// (<c>kiln import</c> of the offline rootfs, then <c>kiln save | docker load</c>, so <c>FROM @BASE@</c> resolves
/// locally in both), and the HTTP server for the ADD URL cases.
/// </summary>
public sealed class DifferentialFixture : IDisposable
{

    /// <summary>
    /// The docker CLI that builds with BuildKit: the Debian docker.io 20.10 client, which has BuildKit built in (the
    /// Docker 28 client in /usr/local/bin needs the buildx plugin, which is not installed here).
    /// </summary>
    public const string DockerCli = "/usr/bin/docker";

    private readonly TempDirectory _dir = new("kiln-diff");
    private readonly StaticHttpServer _server;
    private readonly List<string> _dockerImages = [];

    public DifferentialFixture()
    {
        // The dockerd is shared (other test classes, other checkouts running this suite at the same time): every image
        // name carries this run's own prefix, so that runs neither collide nor remove each other's images.
        Prefix = "localhost/kiln-diff-" + Guid.NewGuid().ToString("N")[..10];
        Base = Prefix + "/busybox:1.36";
        OnbuildBase = Prefix + "/onbuild-base:1";
        Assert.True(File.Exists(DockerCli), DockerCli + " is missing: run scripts/install-deps test");
        DockerHost = StartDocker();
        Store = Path.Combine(_dir.Path, "store");
        var rootfs = Path.Combine(_dir.Path, "busybox-rootfs.tar");
        MakeBusyboxRootfs(rootfs);
        Ok(RunKiln(Store, "import", rootfs, Base), "kiln import busybox");
        Ok(SaveIntoDocker(Base), "kiln save | docker load (base)");
        var onbuild = Path.Combine(_dir.Path, "onbuild-base");
        Directory.CreateDirectory(onbuild);
        File.WriteAllText(Path.Combine(onbuild, "Dockerfile"), $"FROM {Base}\nONBUILD COPY trigger.txt /triggered/\nONBUILD ENV TRIGGERED=yes\nONBUILD LABEL onbuild.fired=yes\n");
        Ok(RunKiln(Store, "build", "--progress=plain", "-t", OnbuildBase, onbuild), "kiln build (ONBUILD base)");
        Ok(SaveIntoDocker(OnbuildBase), "kiln save | docker load (ONBUILD base)");
        var tar = TestArchives.Tar();
        _server = new StaticHttpServer(new Dictionary<string, byte[]>
        {
            ["/files/hello.txt"] = "hello over http\n"u8.ToArray(),
            ["/files/data.bin"] = [0, 1, 2, 3, 255],
            ["/archives/pkg.tar.gz"] = TestArchives.Gzip(tar),
            ["/"] = "index\n"u8.ToArray(),
        });
    }

    /// <summary>The repository prefix of every image this run names, in Kiln's store and in docker.</summary>
    public string Prefix { get; }

    /// <summary>The busybox base, the same image in Kiln's store and in docker (<c>@BASE@</c> in the cases).</summary>
    public string Base { get; }

    /// <summary>A Kiln-built image with ONBUILD triggers (loaded into docker too), the base of <c>FROM @ONBUILD@</c>.</summary>
    public string OnbuildBase { get; }

    public string DockerHost { get; }

    public string Store { get; }

    public string ServerUrl => _server.BaseUrl;

    /// <summary>A fresh working directory for one case.</summary>
    public string CaseDirectory(string name)
    {
        var path = Path.Combine(_dir.Path, "cases", name);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Runs docker (the BuildKit-capable client) against the private engine.</summary>
    internal ToolResult Docker(params string[] args) =>
        Run(DockerCli, args, new Dictionary<string, string> { ["DOCKER_HOST"] = DockerHost, ["DOCKER_BUILDKIT"] = "1" });

    /// <summary><c>kiln save IMAGE | docker load</c>, exactly as a user would pipe it.</summary>
    internal ToolResult SaveIntoDocker(string image)
    {
        _dockerImages.Add(image);
        var kiln = Path.Combine(TestPaths.RepositoryRoot, "kiln");
        return Run("bash", ["-o", "pipefail", "-c", $"'{kiln}' --root '{Store}' save '{image}' | '{DockerCli}' load"], new Dictionary<string, string> { ["DOCKER_HOST"] = DockerHost });
    }

    /// <summary>Remembers an image built in dockerd so that it is removed at the end.</summary>
    public void Track(string image) => _dockerImages.Add(image);

    public void Dispose()
    {
        _server.Dispose();
        if (_dockerImages.Count > 0)
        {
            Docker(["rmi", "-f", .. _dockerImages.Distinct()]);
        }

        _dir.Dispose();
    }
}
