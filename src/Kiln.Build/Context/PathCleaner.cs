namespace Kiln.Build.Context;

/// <summary>
/// Lexical clean-up of <c>/</c>-separated paths with the rules of Go's <c>path.Clean</c> (used for
/// ignore patterns, IGN-CLEAN): collapse repeated separators, drop <c>.</c> segments, resolve <c>..</c>
/// against the preceding segment, drop a trailing separator; an empty result is <c>.</c>.
/// </summary>
internal static class PathCleaner
{
    public static string Clean(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        if (IsAlreadyClean(path))
        {
            return path;
        }

        var rooted = path[0] == '/';
        var parts = new List<string>();
        var keptDotDots = 0;
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (parts.Count > keptDotDots)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else if (!rooted)
                {
                    parts.Add("..");
                    keptDotDots++;
                }

                continue;
            }

            parts.Add(segment);
        }

        var body = string.Join('/', parts);
        if (rooted)
        {
            return "/" + body;
        }

        return body.Length == 0 ? "." : body;
    }

    private static bool IsAlreadyClean(string path)
    {
        if (path == "/" || path == ".")
        {
            return true;
        }

        if (path[^1] == '/')
        {
            return false;
        }

        var segmentStart = 0;
        for (var i = 0; i <= path.Length; i++)
        {
            if (i < path.Length && path[i] != '/')
            {
                continue;
            }

            var length = i - segmentStart;
            if (length == 0 && i != 0)
            {
                return false;
            }

            if (length == 1 && path[segmentStart] == '.')
            {
                return false;
            }

            if (length == 2 && path[segmentStart] == '.' && path[segmentStart + 1] == '.')
            {
                return false;
            }

            segmentStart = i + 1;
        }

        return true;
    }
}
