using System.Diagnostics;

namespace Kiln.Build.Tests.Operations.Sources;

/// <summary>Runs the real tools the source tests build fixtures with (tar, gzip, bzip2, xz, zstd, git); a missing tool fails the test with what to install.</summary>
internal static class Cli
{
    public static string Run(string program, IEnumerable<string> arguments, string? workingDirectory = null, IDictionary<string, string>? environment = null, byte[]? stdin = null)
    {
        var start = new ProcessStartInfo(Resolve(program))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.BaseStream.Write(stdin);
        }

        process.StandardInput.Close();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', start.ArgumentList)} exited {process.ExitCode}: {stderr.Result}");
        }

        return stdout.Result;
    }

    /// <summary>The tool's full path; fails (never skips) when it is not installed.</summary>
    public static string Resolve(string program)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':'))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"'{program}' is not installed; run scripts/install-deps test (Debian packages tar, gzip, bzip2, xz-utils, zstd, git)");
    }

    /// <summary>Compresses <paramref name="path"/> into <paramref name="output"/> with a CLI compressor reading stdin.</summary>
    public static void Compress(string compressor, string path, string output)
    {
        var start = new ProcessStartInfo(Resolve(compressor))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        if (compressor == "zstd")
        {
            start.ArgumentList.Add("-q");
        }

        using var process = Process.Start(start)!;
        var copy = Task.Run(() =>
        {
            using var target = File.Create(output);
            process.StandardOutput.BaseStream.CopyTo(target);
        });
        var stderr = process.StandardError.ReadToEndAsync();
        using (var input = File.OpenRead(path))
        {
            input.CopyTo(process.StandardInput.BaseStream);
        }

        process.StandardInput.Close();
        process.WaitForExit();
        copy.Wait();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{compressor} exited {process.ExitCode}: {stderr.Result}");
        }
    }
}
