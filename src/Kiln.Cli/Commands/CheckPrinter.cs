using Kiln.Build.Frontend;
using Kiln.Dockerfile.Checks;
using Kiln.Dockerfile.Diagnostics;

namespace Kiln.Cli.Commands;

/// <summary>
/// Prints the outcome of a frontend analysis as build-check results and maps it to an exit code:
/// 0 when clean, 1 when there are findings, 2 when the Dockerfile is invalid.
/// </summary>
internal static class CheckPrinter
{
    public static int Print(DockerfileAnalysis analysis, CheckOutputFormat format, ConsoleStreams console)
    {
        if (analysis.Error is { } error)
        {
            if (format == CheckOutputFormat.Json)
            {
                console.Out.WriteLine(CheckReportFormatter.FormatJsonError(error, analysis.Source, analysis.Checks));
            }
            else if (analysis.Checks is { Findings.Count: > 0 } findings)
            {
                console.Out.Write(CheckReportFormatter.FormatText(findings));
            }

            console.Error.Write(DiagnosticRenderer.Render(error, analysis.Source));
            return ExitCodes.Invalid;
        }

        var report = analysis.Checks!;
        if (format == CheckOutputFormat.Json)
        {
            console.Out.WriteLine(CheckReportFormatter.FormatJson(report));
        }
        else if (report.Findings.Count == 0)
        {
            console.Out.WriteLine($"{analysis.Source.Path}: no build check findings");
        }
        else
        {
            console.Out.Write(CheckReportFormatter.FormatText(report));
        }

        return report.Findings.Count == 0 ? ExitCodes.Success : ExitCodes.Findings;
    }

    /// <summary>Prints warnings about how Kiln runs the build (not build checks) to standard error.</summary>
    public static void PrintNotices(DockerfileAnalysis analysis, ConsoleStreams console)
    {
        foreach (var notice in analysis.Notices)
        {
            console.Error.Write(DiagnosticRenderer.Render(notice, analysis.Source));
        }
    }

    public static CheckOutputFormat ParseFormat(string? value) => value?.ToLowerInvariant() switch
    {
        null or "" or "text" => CheckOutputFormat.Text,
        "json" => CheckOutputFormat.Json,
        _ => throw new ArgumentException($"unknown --format \"{value}\": use text or json"),
    };
}
