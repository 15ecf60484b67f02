using System.Globalization;
using Kiln.Build.Progress;

namespace Kiln.Cli.Rendering.Progress;

/// <summary>
/// The end of BuildKit's progress output, shared by the renderers: the block with the logs of a failed step
/// (<c>------</c>, <c> &gt; name:</c>, lines, <c>------</c>) and buildx's warnings summary
/// (<c>1 warning found (use docker --debug to expand):</c>, <c> - message</c>).
/// </summary>
internal static class ProgressSummary
{
    /// <summary>The hint buildx prints after the warning count when the details are not shown.</summary>
    public const string ExpandHint = "(use docker --debug to expand)";

    /// <summary>Writes the error block of the step <paramref name="name"/> with its log <paramref name="lines"/>, never shortened.</summary>
    public static void WriteErrorLog(TextWriter writer, string name, IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(lines);
        writer.Write("------\n > ");
        writer.Write(name);
        writer.Write(":\n");
        foreach (var line in lines)
        {
            writer.Write(line);
            writer.Write('\n');
        }

        writer.Write("------\n");
    }

    /// <summary>The title line of the warnings summary, with its newline.</summary>
    public static string WarningsTitle(int count, bool expand)
    {
        var text = count == 1 ? "1 warning found" : count.ToString(CultureInfo.InvariantCulture) + " warnings found";
        return expand ? text + ":\n" : text + " " + ExpandHint + ":\n";
    }

    /// <summary>The lines under the title: <c> - message</c>, and with <paramref name="expand"/> the detail and link.</summary>
    public static string WarningsBody(IReadOnlyList<BuildWarning> warnings, bool expand)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        var text = new System.Text.StringBuilder();
        foreach (var warning in warnings)
        {
            text.Append(" - ").Append(warning.Message).Append('\n');
            if (!expand)
            {
                continue;
            }

            if (!string.IsNullOrEmpty(warning.Detail))
            {
                text.Append(warning.Detail.TrimEnd('\n')).Append('\n');
            }

            if (!string.IsNullOrEmpty(warning.Url))
            {
                text.Append("More info: ").Append(warning.Url).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Writes the whole summary (a blank line, a space, the title, the warnings); nothing when there are none.</summary>
    public static void WriteWarnings(TextWriter writer, IReadOnlyList<BuildWarning> warnings, bool expand)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(warnings);
        if (warnings.Count == 0)
        {
            return;
        }

        writer.Write("\n ");
        writer.Write(WarningsTitle(warnings.Count, expand));
        writer.Write(WarningsBody(warnings, expand));
    }
}
