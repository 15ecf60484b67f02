namespace Kiln.Dockerfile.Planning;

/// <summary>
/// Reads descriptions from the comments directly above FROM and ARG (DF-STAGE-DOC, DF-ARG-DOC): the first
/// comment line that starts with the name and a space gives the rest of that line.
/// </summary>
internal static class DocComments
{
    public static string Find(IReadOnlyList<string> comments, string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return string.Empty;
        }

        foreach (var line in comments)
        {
            if (line.StartsWith(name + " ", StringComparison.Ordinal))
            {
                return line[(name.Length + 1)..];
            }
        }

        return string.Empty;
    }
}
