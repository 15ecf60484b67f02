using System.Text;

namespace Kiln.Dockerfile.Planning;

/// <summary>
/// Slash-separated path helpers with Go's <c>path.Clean</c>/<c>path.Join</c> semantics, used for WORKDIR
/// resolution (DF-WORKDIR) and RUN mount targets (DF-RUN-MOUNT).
/// </summary>
internal static class UnixPath
{
    public static bool IsAbsolute(string path) => path.StartsWith('/');

    /// <summary>Go's <c>path.Clean</c>: removes <c>.</c>, resolves <c>..</c>, collapses slashes; empty → <c>.</c>.</summary>
    public static string Clean(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        var rooted = path[0] == '/';
        var parts = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..")
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else if (!rooted)
                {
                    parts.Add("..");
                }

                continue;
            }

            parts.Add(segment);
        }

        var sb = new StringBuilder();
        if (rooted)
        {
            sb.Append('/');
        }

        sb.AppendJoin('/', parts);
        return sb.Length == 0 ? "." : sb.ToString();
    }

    /// <summary>Go's <c>path.Join</c>: joins the non-empty elements with <c>/</c> and cleans the result.</summary>
    public static string Join(params string[] elements)
    {
        var nonEmpty = elements.Where(e => e.Length > 0).ToArray();
        return nonEmpty.Length == 0 ? string.Empty : Clean(string.Join('/', nonEmpty));
    }
}
