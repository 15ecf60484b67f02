using Kiln.Build.Context;

namespace Kiln.Build.Tests.Context;

/// <summary>Every row of vectors.tsv through the full, incremental and no-parent-info entry points.</summary>
public sealed class PatternVectorTests
{
    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var id in PatternVector.ById.Keys)
        {
            data.Add(id);
        }

        return data;
    }

    [Fact]
    public void All_vectors_are_loaded()
    {
        Assert.Equal(138, PatternVector.ById.Count);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Vector(string id)
    {
        var v = PatternVector.ById[id];
        Assert.Contains(v.Platform, new[] { "all", "unix" });
        if (v.Expected == "error")
        {
            // Either building the matcher or every match attempt must fail, repeatedly and without crashing.
            var error = Assert.Throws<IgnorePatternException>(() => PatternMatcher.Create(v.Patterns).MatchesOrParentMatches(v.Path));
            Assert.Contains('"', error.Message);
            PatternMatcher? matcher = null;
            try
            {
                matcher = PatternMatcher.Create(v.Patterns);
            }
            catch (IgnorePatternException)
            {
            }

            if (matcher is not null)
            {
                Assert.Throws<IgnorePatternException>(() => matcher.MatchesOrParentMatches(v.Path));
                Assert.Throws<IgnorePatternException>(() => matcher.MatchesOrParentMatches(v.Path));
                Assert.Throws<IgnorePatternException>(() => matcher.Match(v.Path, default, out _));
            }

            return;
        }

        var expected = bool.Parse(v.Expected);
        var m = PatternMatcher.Create(v.Patterns);
        Assert.Equal(expected, m.MatchesOrParentMatches(v.Path));
        Assert.Equal(expected, m.Match(v.Path, default, out _).IsMatch);
        Assert.Equal(expected, MatchIncrementally(m, v.Path));
    }

    // Feeds the parent directories first, as a walker does, then the path with its parent's state.
    internal static bool MatchIncrementally(PatternMatcher matcher, string path)
    {
        var info = default(PatternMatchInfo);
        var slash = path.LastIndexOf('/');
        if (slash >= 0)
        {
            var parent = CleanDirectory(path[..(slash + 1)]);
            if (parent != ".")
            {
                var parts = parent.Split('/');
                for (var i = 0; i < parts.Length; i++)
                {
                    matcher.Match(string.Join('/', parts[..(i + 1)]), info, out info);
                }
            }
        }

        return matcher.Match(path, info, out _).IsMatch;
    }

    private static string CleanDirectory(string dir)
    {
        var rooted = dir.StartsWith('/');
        var parts = dir.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToList();
        var body = string.Join('/', parts);
        return rooted ? "/" + body : body.Length == 0 ? "." : body;
    }
}
