using System.Text;

namespace Kiln.Dockerfile.Diagnostics;

/// <summary>
/// Renders a <see cref="Diagnostic"/> for people: <c>file:line:col: error KILN1001: message</c>, then the
/// offending source lines with a <c>&gt;&gt;&gt;</c> marker and a caret under the column, then the suggestion.
/// </summary>
public static class DiagnosticRenderer
{
    public static string Render(Diagnostic diagnostic, SourceFile? source)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        var sb = new StringBuilder();
        var where = diagnostic.FilePath ?? source?.Path;
        if (where is not null)
        {
            sb.Append(where);
            if (diagnostic.Range is { } r)
            {
                sb.Append(':').Append(r.Start.Line).Append(':').Append(r.Start.Column);
            }

            sb.Append(": ");
        }

        sb.Append(diagnostic.Severity == DiagnosticSeverity.Error ? "error " : "warning ")
          .Append(diagnostic.Id).Append(": ").Append(diagnostic.Message).Append('\n');

        if (source is not null && diagnostic.Range is { } range && range.Start.Line >= 1)
        {
            var first = Math.Max(1, range.Start.Line);
            var last = Math.Max(first, Math.Min(range.End.Line, first + 9));
            var width = last.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
            for (var line = first; line <= last; line++)
            {
                var number = line.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width);
                sb.Append(" ").Append(number).Append(" | >>> ").Append(source.GetLine(line)).Append('\n');
                if (line == first && first == last)
                {
                    var column = Math.Max(1, range.Start.Column);
                    var length = Math.Max(1, range.End.Column - column + 1);
                    sb.Append(' ').Append(new string(' ', width)).Append(" |     ")
                      .Append(new string(' ', column - 1)).Append(new string('^', length)).Append('\n');
                }
            }
        }

        if (diagnostic.Suggestion is { Length: > 0 } suggestion && !diagnostic.Message.Contains(suggestion, StringComparison.Ordinal))
        {
            sb.Append("  hint: ").Append(suggestion).Append('\n');
        }

        return sb.ToString();
    }
}
