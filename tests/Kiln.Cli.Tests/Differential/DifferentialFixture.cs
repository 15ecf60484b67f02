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
    /// A random part of every docker tag this run uses, so that runs sharing the private dockerd (other worktrees) never
    /// load over or remove each other's images.
    /// </summary>
    public static readonly string RunId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));

    public static readonly string Base = "localhost/kiln-diff/busybox:1.36-" + RunId;

    /// <summary>A Kiln-built image with ONBUILD triggers (loaded into docker too), the base of <c>FROM @ONBUILD@</c>.</summary>
    public static readonly string OnbuildBase = "localhost/kiln-diff/onbuild-base:1-" + RunId;

    /// <summary>
    /// The docker CLI that builds with BuildKit: the Debian docker.io 20.10 client, which has BuildKit built in (the
    /// Docker 28 client in /usr/local/bin needs the buildx plugin, which is not installed here).
    /// </summary>
    public const string DockerCli = "/usr/bin/docker";

    private readonly TempDirectory _dir = new("kiln-diff");
    private readonly StaticHttpServer _server;
    private readonly List<string> _dockerImages = [Base];

    public DifferentialFixture()
    {
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
        Docker(["rmi", "-f", .. _dockerImages.Distinct()]);
        _dir.Dispose();
    }
}
