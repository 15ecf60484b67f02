using System.Diagnostics;
using Kiln.Testing;

namespace Kiln.Build.Tests.Outputs;

/// <summary>Runs the real tools the outputs are checked with (tar, skopeo, umoci, docker against the private dockerd).</summary>
internal static class ExternalTools
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
    }

    /// <summary>Runs a tool and asserts it succeeded; a missing tool fails the test with what to install.</summary>
    public static string Ok(string file, params string[] args) => Ok(null, file, args);

    public static string Ok(IReadOnlyDictionary<string, string>? environment, string file, params string[] args)
    {
        var result = Run(environment, file, args);
        Assert.True(result.ExitCode == 0, $"{file} {string.Join(' ', args)} failed: {result}");
        return result.Stdout;
    }

    public static Result Run(IReadOnlyDictionary<string, string>? environment, string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"{file} is needed by this test and could not be started ({e.Message}); install it with scripts/install-deps test");
            throw;
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException(file + " " + string.Join(' ', args) + " did not finish");
            }

            return new Result(process.ExitCode, stdout.Result, stderr.Result);
        }
    }

    /// <summary>Starts (or reuses) the private Docker engine of scripts/dockerd and returns its DOCKER_HOST.</summary>
    public static string StartDocker()
    {
        var result = Run(null, "bash", Path.Combine(TestPaths.RepositoryRoot, "scripts", "dockerd"), "start");
        Assert.True(result.ExitCode == 0, "scripts/dockerd start failed: " + result);
        return result.Stdout.Trim();
    }

    /// <summary>The docker CLI at /usr/bin/docker as common.md prescribes, else the one on PATH.</summary>
    public static string DockerCli => File.Exists("/usr/bin/docker") ? "/usr/bin/docker" : "docker";
}
