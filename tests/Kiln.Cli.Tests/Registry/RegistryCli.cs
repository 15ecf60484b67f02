using System.Diagnostics;
using Kiln.Cli.Tests.Images;
using Kiln.Testing;

namespace Kiln.Cli.Tests.Registry;

/// <summary>
/// One test's sandbox for the registry commands: a temp HOME and DOCKER_CONFIG, an empty registries config, a local
/// store, and runs of the real <c>kiln</c> (and skopeo) with that environment and optional standard input.
/// </summary>
internal sealed class RegistryCli : IDisposable
{
    private readonly TempDirectory _directory = new("kiln-regcli");

    public RegistryCli()
    {
        Directory.CreateDirectory(Bin);
        Environment = new Dictionary<string, string>
        {
            ["HOME"] = _directory.Path,
            ["DOCKER_CONFIG"] = DockerConfigDirectory,
            ["KILN_REGISTRIES_CONFIG"] = System.IO.Path.Combine(_directory.Path, "no-registries.json"),
            ["PATH"] = Bin + ":" + System.Environment.GetEnvironmentVariable("PATH"),
        };
    }

    public string Path => _directory.Path;

    public string DockerConfigDirectory => System.IO.Path.Combine(_directory.Path, "docker");

    public string DockerConfigPath => System.IO.Path.Combine(DockerConfigDirectory, "config.json");

    /// <summary>A directory on the PATH of every run (for credential helpers).</summary>
    public string Bin => System.IO.Path.Combine(_directory.Path, "bin");

    public string Store(string name = "store") => System.IO.Path.Combine(_directory.Path, name);

    public Dictionary<string, string> Environment { get; }

    /// <summary>Runs <c>kiln --root STORE args</c>.</summary>
    public ImageInteropTestsSupport.ToolResult KilnIn(string store, string? stdin, params string[] args) =>
        Run("bash", [System.IO.Path.Combine(TestPaths.RepositoryRoot, "kiln"), "--root", store, .. args], stdin);

    public ImageInteropTestsSupport.ToolResult Kiln(params string[] args) => KilnIn(Store(), null, args);

    public ImageInteropTestsSupport.ToolResult Run(string file, IEnumerable<string> args, string? stdin = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in Environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(file + " " + string.Join(' ', args) + " did not finish");
        }

        return new ImageInteropTestsSupport.ToolResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Loads a one-layer image named <paramref name="tag"/> into <paramref name="store"/> (a docker-archive through <c>kiln load</c>).</summary>
    public void LoadImage(string store, string tag, string content)
    {
        var archive = System.IO.Path.Combine(_directory.Path, Guid.NewGuid().ToString("N") + ".tar");
        ImageInteropTestsSupport.WriteDockerArchive(archive, [ImageInteropTestsSupport.Layer(("hello.txt", System.Text.Encoding.UTF8.GetBytes(content)))], tag);
        ImageInteropTestsSupport.Ok(KilnIn(store, null, "load", "-i", archive), "kiln load");
    }

    public void Dispose() => _directory.Dispose();
}
