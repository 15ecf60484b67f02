using System.Text;

namespace Kiln.Dockerfile.Instructions;

/// <summary>
/// Splits one CSV record into fields the way <c>--mount</c> and <c>--device</c> values are read
/// (DF-RUN-MOUNT): comma separated; a field starting with <c>"</c> is quoted and <c>""</c> is a quote.
/// </summary>
internal static class CsvFields
{
    /// <summary>The fields, or null with <paramref name="error"/> set when the quoting is malformed.</summary>
    public static List<string>? Split(string value, out string? error)
    {
        var fields = new List<string>();
        var i = 0;
        error = null;
        while (true)
        {
            var sb = new StringBuilder();
            if (i < value.Length && value[i] == '"')
            {
                i++;
                var closed = false;
                while (i < value.Length)
                {
                    if (value[i] == '"')
                    {
                        if (i + 1 < value.Length && value[i + 1] == '"')
                        {
                            sb.Append('"');
                            i += 2;
                            continue;
                        }

                        closed = true;
                        i++;
                        break;
                    }

                    sb.Append(value[i++]);
                }

                if (!closed || (i < value.Length && value[i] != ','))
                {
                    error = $"parse error at column {i + 1}: extraneous or missing \" in quoted-field";
                    return null;
                }
            }
            else
            {
                while (i < value.Length && value[i] != ',')
                {
                    if (value[i] == '"')
                    {
                        error = $"parse error at column {i + 1}: bare \" in non-quoted-field";
                        return null;
                    }

                    sb.Append(value[i++]);
                }
            }

            fields.Add(sb.ToString());
            if (i >= value.Length)
            {
                return fields;
            }

            i++; // the comma
        }
    }
}
