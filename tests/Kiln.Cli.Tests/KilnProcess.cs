using System.Diagnostics;
using Kiln.Testing;

namespace Kiln.Cli.Tests;

/// <summary>Runs the real <c>kiln</c> binary through the repository's launcher and captures its output.</summary>
internal static class KilnProcess
{
    public static KilnResult RunIn(string workingDirectory, string? stdin, params string[] args)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(TestPaths.RepositoryRoot, "kiln"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
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
            throw new TimeoutException("kiln " + string.Join(' ', args) + " did not finish");
        }

        return new KilnResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static KilnResult Run(params string[] args) => RunIn(TestPaths.RepositoryRoot, null, args);
}
