using System.Diagnostics;

namespace Kiln.Archives.Tests.Support;

/// <summary>Runs host tools (GNU tar, setcap) for interop tests; throws with stderr when they fail.</summary>
internal static class Tools
{
    public static string Run(string file, params string[] args) => RunIn(null, file, args);

    public static string RunIn(string? workingDirectory, string file, params string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {stderr}");
        }

        return stdout.Result;
    }
}
