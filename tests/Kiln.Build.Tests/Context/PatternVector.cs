using Kiln.Testing;

namespace Kiln.Build.Tests.Context;

/// <summary>One row of conformance/dockerignore/vectors.tsv.</summary>
internal sealed record PatternVector(string Id, string Api, string Path, string Expected, string Platform, string Source, IReadOnlyList<string> Patterns)
{
    private static readonly Lazy<IReadOnlyDictionary<string, PatternVector>> All = new(Load);

    public static IReadOnlyDictionary<string, PatternVector> ById => All.Value;

    private static Dictionary<string, PatternVector> Load()
    {
        var file = System.IO.Path.Combine(TestPaths.Conformance, "dockerignore", "vectors.tsv");
        var result = new Dictionary<string, PatternVector>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(file).Skip(2))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var cols = line.Split('\t');
            result.Add(cols[0], new PatternVector(cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], cols[6..]));
        }

        return result;
    }
}
