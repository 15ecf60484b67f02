namespace Kiln.Build.Outputs;

/// <summary>
/// Splits one line of CSV as Go's <c>encoding/csv</c> does with its defaults (what buildx uses for <c>-o</c>): fields are
/// separated by commas; a field that starts with <c>"</c> is quoted (<c>""</c> inside stands for one quote) and may hold
/// commas; a quote inside an unquoted field is an error, so <c>name="a,b"</c> must be written <c>"name=a,b"</c>.
/// </summary>
internal static class CsvLine
{
    /// <summary>The fields, or false with a message naming the 1-based column of the problem.</summary>
    public static bool TrySplit(string line, out List<string> fields, out string? error)
    {
        fields = [];
        error = null;
        if (line.EndsWith("\r\n", StringComparison.Ordinal))
        {
            line = line[..^2];
        }
        else if (line.EndsWith('\n'))
        {
            line = line[..^1];
        }

        var position = 0;
        while (true)
        {
            if (position >= line.Length || line[position] != '"')
            {
                var comma = line.IndexOf(',', position);
                var field = comma >= 0 ? line[position..comma] : line[position..];
                var quote = field.IndexOf('"', StringComparison.Ordinal);
                if (quote >= 0)
                {
                    error = $"bare \" in non-quoted field at column {position + quote + 1}; quote the whole field instead, e.g. \"name=a,b\"";
                    return false;
                }

                fields.Add(field);
                if (comma < 0)
                {
                    return true;
                }

                position = comma + 1;
                continue;
            }

            // A quoted field: runs to the closing quote; "" is a literal quote.
            var start = position;
            position++;
            var value = new System.Text.StringBuilder();
            while (true)
            {
                var quote = line.IndexOf('"', position);
                if (quote < 0)
                {
                    error = $"quoted field starting at column {start + 1} has no closing \"";
                    return false;
                }

                value.Append(line, position, quote - position);
                position = quote + 1;
                if (position < line.Length && line[position] == '"')
                {
                    value.Append('"');
                    position++;
                    continue;
                }

                if (position == line.Length)
                {
                    fields.Add(value.ToString());
                    return true;
                }

                if (line[position] == ',')
                {
                    fields.Add(value.ToString());
                    position++;
                    break;
                }

                error = $"extraneous or missing \" in quoted field at column {position}";
                return false;
            }
        }
    }
}
