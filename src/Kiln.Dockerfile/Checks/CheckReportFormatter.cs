using System.Globalization;
using System.Text;
using System.Text.Json;
using Kiln.Dockerfile.Diagnostics;

namespace Kiln.Dockerfile.Checks;

/// <summary>
/// Prints a <see cref="CheckReport"/> the way docker does (LINT-OUTPUT): the verbose text of <c>--check</c>
/// (<c>WARNING: Rule - URL</c>, the message, <c>Dockerfile:LINE</c> and an excerpt with <c>&gt;&gt;&gt;</c> marks), the
/// one-line summary of a normal build, and the JSON of <c>--call=check,format=json</c>.
/// </summary>
public static class CheckReportFormatter
{
    private const string Rule = "--------------------";

    /// <summary>The verbose text: every finding with its source excerpt, then the failure line when <c>error=true</c>.</summary>
    public static string FormatText(CheckReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        foreach (var finding in report.Findings)
        {
            sb.Append("\nWARNING: ").Append(finding.Id);
            if (!string.IsNullOrEmpty(finding.Url))
            {
                sb.Append(" - ").Append(finding.Url);
            }

            sb.Append('\n').Append(finding.Message).Append('\n');
            AppendExcerpt(sb, finding, report.Source);
        }

        if (report.FailureMessage is { } failure)
        {
            sb.Append("ERROR: ").Append(failure).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>One finding as a build prints it: <c>Rule: message (line N)</c>.</summary>
    public static string FormatShort(Diagnostic finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var text = finding.Id + ": " + finding.Message;
        return finding.Range is { Start.Line: > 0 } range
            ? text + " (line " + range.Start.Line.ToString(CultureInfo.InvariantCulture) + ")"
            : text;
    }

    /// <summary>The summary a build prints after it ran: <c>N warnings found:</c> and one <c> - </c> line per finding.</summary>
    public static string FormatSummary(CheckReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Findings.Count == 0)
        {
            return string.Empty;
        }

        var count = report.Findings.Count;
        var sb = new StringBuilder()
            .Append(count.ToString(CultureInfo.InvariantCulture))
            .Append(count == 1 ? " warning found:\n" : " warnings found:\n");
        foreach (var finding in report.Findings)
        {
            sb.Append(" - ").Append(FormatShort(finding)).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The JSON document (see <see cref="CheckJsonReport"/>).</summary>
    public static string FormatJson(CheckReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(ToJson(report), CheckJsonContext.Default.CheckJsonReport);
    }

    /// <summary>The JSON model of <paramref name="report"/>.</summary>
    public static CheckJsonReport ToJson(CheckReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sources = new List<CheckJsonSource>();
        var warnings = report.Findings.Select(f => new CheckJsonWarning
        {
            RuleName = f.Id,
            Description = f.Description,
            Url = f.Url,
            Detail = f.Message,
            Location = Locate(f, report.Source, sources),
        }).ToList();
        CheckJsonError? error = null;
        if (report.FailureMessage is { } failure)
        {
            error = new CheckJsonError { Message = failure };
        }

        return new CheckJsonReport { Warnings = warnings, Sources = sources, BuildError = error };
    }

    /// <summary>
    /// The JSON document for a Dockerfile that is invalid: the findings of <paramref name="report"/> (when the
    /// checks could still run, as BuildKit reports warnings beside a build error) and a <c>buildError</c>
    /// carrying the error's message and location.
    /// </summary>
    public static string FormatJsonError(Diagnostic error, SourceFile? source, CheckReport? report = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        var json = report is null ? new CheckJsonReport { Warnings = [], Sources = [] } : ToJson(report);
        var sources = json.Sources.ToList();
        json = json with
        {
            Sources = sources,
            BuildError = new CheckJsonError { Message = error.Message, Location = Locate(error, source, sources) },
        };
        return JsonSerializer.Serialize(json, CheckJsonContext.Default.CheckJsonReport);
    }

    private static CheckJsonLocation? Locate(Diagnostic finding, SourceFile? source, List<CheckJsonSource> sources)
    {
        var path = finding.FilePath ?? source?.Path;
        if (path is null || finding.Range is not { } range)
        {
            return null;
        }

        var index = sources.FindIndex(s => s.Filename == path);
        if (index < 0)
        {
            sources.Add(new CheckJsonSource
            {
                Filename = path,
                Data = source is not null && source.Path == path ? Encoding.UTF8.GetBytes(source.Text) : null,
            });
            index = sources.Count - 1;
        }

        return new CheckJsonLocation
        {
            SourceIndex = index,
            Ranges = [new CheckJsonRange(Position(range.Start), Position(range.End))],
        };
    }

    private static CheckJsonPosition Position(SourcePosition position) =>
        new(position.Line, position.Column > 1 ? position.Column - 1 : null);

    /// <summary>BuildKit's source excerpt: the range's lines marked <c>&gt;&gt;&gt;</c>, with 2 (or 4 for one line) lines of context.</summary>
    private static void AppendExcerpt(StringBuilder sb, Diagnostic finding, SourceFile? source)
    {
        if (source is null || finding.Range is not { } range)
        {
            return;
        }

        var lineCount = source.Text.Split('\n').Length;
        var start = range.Start.Line;
        var end = Math.Max(start, range.End.Line);
        if (start < 1 || start > lineCount)
        {
            return;
        }

        end = Math.Min(end, lineCount);
        var pad = start == end ? 4 : 2;
        var first = start;
        var last = end;
        for (var padded = 0; padded < pad; padded++)
        {
            if (first > 1)
            {
                first--;
                padded++;
            }

            if (last != lineCount)
            {
                last++;
                padded++;
            }
        }

        sb.Append(finding.FilePath ?? source.Path).Append(':').Append(start.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append(Rule).Append('\n');
        for (var line = first; line <= last; line++)
        {
            var marker = line >= start && line <= end ? ">>>" : "   ";
            sb.Append(' ').Append(line.ToString(CultureInfo.InvariantCulture).PadLeft(3)).Append(" | ").Append(marker).Append(' ')
              .Append(source.GetLine(line)).Append('\n');
        }

        sb.Append(Rule).Append('\n');
    }
}
