using Kiln.Testing;

namespace Kiln.Runtime.Tests;

/// <summary>
/// How <see cref="OciRuntime"/> drives a runtime's command line, with a scripted stand-in for the runtime binary (fault
/// injection: a runtime that leaves its state behind). Real containers under runc and crun are tested through the CLI.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class OciRuntimeTests : IDisposable
{
    private readonly TempDirectory _temp = new("kiln-oci-runtime");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Delete_runs_only_when_the_runtime_left_the_containers_state(bool leaveState)
    {
        // The stand-in logs its arguments; on `run` it creates <root>/<id> and removes it again unless told to leave it,
        // as a runtime that crashed after starting the container would.
        var log = Path.Combine(_temp.Path, "calls.log");
        var script = _temp.WriteFile("fake-runtime", $$"""
            #!/bin/sh
            echo "$*" >> '{{log}}'
            root=$2; shift 2
            if [ "$1" = run ]; then
              id=$4
              mkdir -p "$root/$id"
              echo out
              {{(leaveState ? "true" : "rm -r \"$root/$id\"")}}
            fi
            if [ "$1" = delete ]; then rm -rf "$root/$3"; fi
            exit 3
            """);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var stateRoot = Path.Combine(_temp.Path, "state");
        var runtime = new OciRuntime("fake", script, stateRoot);
        var output = new List<string>();

        var exit = await runtime.RunAsync(
            new ContainerRequest { Id = "kiln-test", RootFs = Path.Combine(_temp.Path, "rootfs"), Args = ["/bin/true"] },
            Path.Combine(_temp.Path, "bundle"),
            (_, data) => output.Add(System.Text.Encoding.UTF8.GetString(data.Span)),
            CancellationToken.None);

        Assert.Equal(3, exit);
        Assert.Equal("out\n", string.Concat(output));
        var calls = File.ReadAllLines(log);
        Assert.Equal($"--root {stateRoot} run --bundle {Path.Combine(_temp.Path, "bundle")} kiln-test", calls[0]);
        Assert.Equal(leaveState ? [calls[0], $"--root {stateRoot} delete --force kiln-test"] : [calls[0]], calls);
        Assert.False(Directory.Exists(Path.Combine(stateRoot, "kiln-test")));
    }
}
