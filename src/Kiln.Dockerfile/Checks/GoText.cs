using System.Globalization;
using System.Text;

namespace Kiln.Dockerfile.Checks;

/// <summary>
/// Small Go standard-library behaviours the check messages depend on: <c>%q</c> quoting, <c>strconv.ParseBool</c>,
/// <c>path.Clean</c>, and BuildKit's "did you mean" search (Levenshtein distance below 3).
/// </summary>
internal static class GoText
{
    /// <summary>Go's <c>strconv.Quote</c> for the printable text found in Dockerfiles.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case < ' ' or '\x7f':
                    sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    break;
                default: sb.Append(c); break;
            }
        }

        return sb.Append('"').ToString();
    }

    /// <summary>Go's <c>strconv.ParseBool</c>: 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False.</summary>
    public static bool TryParseBool(string value, out bool result)
    {
        switch (value)
        {
            case "1" or "t" or "T" or "TRUE" or "true" or "True":
                result = true;
                return true;
            case "0" or "f" or "F" or "FALSE" or "false" or "False":
                result = false;
                return true;
            default:
                result = false;
                return false;
        }
    }

    /// <summary>Go's <c>path.Clean</c> on a slash path (<c>./tmp/x</c> → <c>tmp/x</c>, <c>a/../b</c> → <c>b</c>, empty → <c>.</c>).</summary>
    public static string CleanPath(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        var rooted = path[0] == '/';
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..")
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else if (!rooted)
                {
                    parts.Add(part);
                }

                continue;
            }

            parts.Add(part);
        }

        var joined = string.Join('/', parts);
        return rooted ? "/" + joined : joined.Length == 0 ? "." : joined;
    }

    /// <summary>
    /// BuildKit's suggestion search: the first option at Levenshtein distance below 3 with the smallest distance;
    /// none when an option equals <paramref name="value"/>. Case-sensitive.
    /// </summary>
    public static string? Suggest(string value, IEnumerable<string> options)
    {
        string? match = null;
        var best = 3;
        foreach (var option in options)
        {
            if (option == value)
            {
                return null;
            }

            var distance = Levenshtein(value, option);
            if (distance < best)
            {
                match = option;
                best = distance;
            }
        }

        return match;
    }

    private static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
