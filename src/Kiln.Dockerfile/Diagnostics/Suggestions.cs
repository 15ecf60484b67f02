namespace Kiln.Dockerfile.Diagnostics;

/// <summary>
/// "Did you mean ...?" helper: picks the candidate closest to a misspelt word by edit distance
/// (case-insensitive), if it is close enough to be a plausible typo.
/// </summary>
public static class Suggestions
{
    /// <summary>Returns the closest candidate, or null when none is within a plausible distance.</summary>
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(candidates);
        string? best = null;
        var bestDistance = int.MaxValue;
        var lowered = input.ToLowerInvariant();
        foreach (var candidate in candidates)
        {
            var distance = Distance(lowered, candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        // Allow roughly one edit per three characters, at least one, at most three.
        var limit = Math.Clamp(input.Length / 3, 1, 3);
        return bestDistance <= limit && bestDistance > 0 ? best : null;
    }

    /// <summary>Formats " (did you mean X?)" or an empty string.</summary>
    public static string DidYouMean(string input, IEnumerable<string> candidates)
    {
        var match = Closest(input, candidates);
        return match is null ? string.Empty : $" (did you mean {match}?)";
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var best = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    best = Math.Min(best, d[i - 2, j - 2] + 1);
                }

                d[i, j] = best;
            }
        }

        return d[a.Length, b.Length];
    }
}
