using Kiln.Build.Ssh;
using Kiln.Testing;
using static Kiln.Cli.Tests.Images.ImageInteropTestsSupport;

namespace Kiln.Cli.Tests.Build;

/// <summary>
/// RUN <c>--mount=type=ssh</c> with <c>--ssh ID=KEY</c> (DF-RUN-MOUNT-SSH): Kiln's agent holds exactly the given key, the
/// step sees the agent's socket at the target with SSH_AUTH_SOCK pointing at it and the mount's mode, the key never
/// reaches the image, and a required id without <c>--ssh</c> fails with the flag to add.
/// </summary>
public sealed class SshMountTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    [Fact]
    public async Task KeyAgentHoldsTheGivenKey()
    {
        using var dir = new TempDirectory("kiln-ssh-agent");
        var key = MakeKey(dir);
        var socket = Path.Combine(Directory.CreateTempSubdirectory("kiln-ssh-test-").FullName, "a.sock");
        using (var agent = await KeyAgent.StartAsync(socket, [key], CancellationToken.None))
        {
            var listed = Ok(Run("ssh-add", ["-l"], new Dictionary<string, string> { ["SSH_AUTH_SOCK"] = agent.Socket }), "ssh-add -l");
            var fingerprint = Ok(Run("ssh-keygen", ["-lf", key + ".pub"]), "ssh-keygen -l").Stdout.Split(' ')[1];
            Assert.Contains(fingerprint, listed.Stdout, StringComparison.Ordinal);
        }

        Assert.NotEqual(0, Run("ssh-add", ["-l"], new Dictionary<string, string> { ["SSH_AUTH_SOCK"] = socket }).ExitCode);
    }

    [Fact]
    public void RunSeesTheAgentSocketAndRequiredIdsFailWithout()
    {
        using var dir = new TempDirectory("kiln-ssh");
        var store = fixture.NewStore(dir);
        var key = MakeKey(dir);
        var context = Path.Combine(dir.Path, "ctx");
        Directory.CreateDirectory(context);
        File.WriteAllText(Path.Combine(context, "Dockerfile"), $$"""
            FROM {{BuildFixture.Base}}
            RUN --mount=type=ssh,id=deploy,required=true,mode=0660 test -S "$SSH_AUTH_SOCK" && echo "$SSH_AUTH_SOCK $(stat -c %a "$SSH_AUTH_SOCK")" > /agent
            """);
        var output = Path.Combine(dir.Path, "out");
        Ok(RunKiln(store, "build", "--progress=plain", "--ssh", "deploy=" + key, "-o", "type=local,dest=" + output, context), "build with --ssh");
        Assert.Equal("/run/buildkit/ssh_agent.0 660\n", File.ReadAllText(Path.Combine(output, "agent")));
        Assert.False(File.Exists(Path.Combine(output, "run", "buildkit", "ssh_agent.0")), "the agent socket's mount point must not reach the layer");

        var failed = RunKiln(store, "build", "--progress=plain", "--no-cache", context);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("--ssh deploy=KEYFILE", failed.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForwarderReachesTheUpstreamAgent()
    {
        using var dir = new TempDirectory("kiln-ssh-forward");
        var key = MakeKey(dir);
        var sockets = Directory.CreateTempSubdirectory("kiln-ssh-test-").FullName;
        try
        {
            using var agent = await KeyAgent.StartAsync(Path.Combine(sockets, "a.sock"), [key], CancellationToken.None);
            var forwarded = Path.Combine(sockets, "f.sock");
            using (SocketForwarder.Start(forwarded, agent.Socket))
            {
                var listed = Ok(Run("ssh-add", ["-l"], new Dictionary<string, string> { ["SSH_AUTH_SOCK"] = forwarded }), "ssh-add -l through the forwarder");
                var fingerprint = Ok(Run("ssh-keygen", ["-lf", key + ".pub"]), "ssh-keygen -l").Stdout.Split(' ')[1];
                Assert.Contains(fingerprint, listed.Stdout, StringComparison.Ordinal);
            }

            Assert.False(File.Exists(forwarded), "the forwarder's socket must go when it is disposed");
        }
        finally
        {
            Directory.Delete(sockets, recursive: true);
        }
    }

    [Fact]
    public async Task DefaultForwardsTheUsersAgentWithTheMountsOwnerAndMode()
    {
        using var dir = new TempDirectory("kiln-ssh-default");
        var store = fixture.NewStore(dir);
        var key = MakeKey(dir);
        var sockets = Directory.CreateTempSubdirectory("kiln-ssh-test-").FullName;
        try
        {
            using var agent = await KeyAgent.StartAsync(Path.Combine(sockets, "a.sock"), [key], CancellationToken.None);
            var before = new Kiln.Linux.LinuxFileSystem().LStat(agent.Socket);
            var context = Path.Combine(dir.Path, "ctx");
            Directory.CreateDirectory(context);
            File.WriteAllText(Path.Combine(context, "Dockerfile"), $$"""
                FROM {{BuildFixture.Base}}
                RUN --mount=type=ssh,uid=1234,gid=4321,mode=0640,target=/tmp/agent.sock echo "$SSH_AUTH_SOCK $(stat -c '%u %g %a' /tmp/agent.sock)" > /agent
                """);
            var output = Path.Combine(dir.Path, "out");
            Ok(KilnWith(store, new Dictionary<string, string> { ["SSH_AUTH_SOCK"] = agent.Socket }, "build", "--progress=plain", "--ssh", "default", "-o", "type=local,dest=" + output, context), "build with --ssh default");
            Assert.Equal("/tmp/agent.sock 1234 4321 640\n", File.ReadAllText(Path.Combine(output, "agent")));

            var after = new Kiln.Linux.LinuxFileSystem().LStat(agent.Socket);
            Assert.Equal((before.Uid, before.Gid, before.Mode), (after.Uid, after.Gid, after.Mode));
        }
        finally
        {
            Directory.Delete(sockets, recursive: true);
        }
    }

    private static string MakeKey(TempDirectory dir)
    {
        var key = Path.Combine(dir.Path, "id_ed25519");
        Ok(Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key]), "ssh-keygen");
        return key;
    }
}
