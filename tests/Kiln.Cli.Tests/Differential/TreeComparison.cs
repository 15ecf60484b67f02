using System.Text;

namespace Kiln.Cli.Tests.Differential;

/// <summary>Compares two root filesystems path by path and describes the differences readably (empty when equal).</summary>
internal static class TreeComparison
{
    private const int MaxLines = 60;

    public static string Diff(
        IReadOnlyDictionary<string, FileSummary> expected,
        IReadOnlyDictionary<string, FileSummary> actual,
        string expectedName,
        string actualName,
        Func<string, bool>? ignore = null)
    {
        var text = new StringBuilder();
        var lines = 0;
        foreach (var path in expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal))
        {
            if (ignore?.Invoke(path) == true)
            {
                continue;
            }

            var left = expected.GetValueOrDefault(path);
            var right = actual.GetValueOrDefault(path);
            if (left == right)
            {
                continue;
            }

            if (++lines > MaxLines)
            {
                text.Append("…\n");
                break;
            }

            text.Append('/').Append(path).Append(":\n  ").Append(expectedName).Append(": ").Append(left?.ToString() ?? "(missing)")
                .Append("\n  ").Append(actualName).Append(": ").Append(right?.ToString() ?? "(missing)").Append('\n');
        }

        return text.ToString();
    }
}
