using Kiln.Build.Context;
using Kiln.Testing;

namespace Kiln.Build.Tests.Context;

/// <summary>Every walk, open and constructionError of walk-vectors.json, on real temp trees.</summary>
public sealed class WalkVectorTests
{
    public static TheoryData<string> WalkIds() => WalkVectors.Ids("walks", "walk");

    public static TheoryData<string> OpenIds() => WalkVectors.Ids("opens", "open");

    public static TheoryData<string> ConstructionErrorIds() => WalkVectors.Ids("constructionErrors", "construction");

    [Fact]
    public void All_sections_are_loaded()
    {
        Assert.Equal(26, WalkVectors.Section("walks").Length);
        Assert.Equal(3, WalkVectors.Section("opens").Length);
        Assert.Single(WalkVectors.Section("constructionErrors"));
    }

    [Theory]
    [MemberData(nameof(WalkIds))]
    public void Walk(string id)
    {
        var v = WalkVectors.ById(id);
        using var dir = new TempDirectory("kiln-walk");
        WalkVectors.CreateTree(dir, v);
        var walker = new ContextWalker(dir.Path, WalkVectors.Filters(v));

        Assert.Equal(WalkVectors.Strings(v, "expected"), WalkVectors.Describe(walker.Walk()));

        // Every reported entry must also be visible through Exists; every unreported tree entry must not.
        var reported = walker.Walk().Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var line in WalkVectors.Strings(v, "tree"))
        {
            var path = line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..];
            Assert.Equal(reported.Contains(path), walker.Exists(path));
        }
    }

    [Theory]
    [MemberData(nameof(OpenIds))]
    public void Open(string id)
    {
        var v = WalkVectors.ById(id);
        using var dir = new TempDirectory("kiln-open");
        WalkVectors.CreateTree(dir, v);
        var walker = new ContextWalker(dir.Path, WalkVectors.Filters(v));

        if (v.TryGetProperty("walkExpected", out _))
        {
            Assert.Equal(WalkVectors.Strings(v, "walkExpected"), WalkVectors.Describe(walker.Walk()));
        }

        foreach (var open in v.GetProperty("open").EnumerateObject())
        {
            var expected = open.Value.GetBoolean();
            Assert.True(expected == walker.Exists(open.Name), $"Exists({open.Name}) should be {expected}");
            if (expected)
            {
                using var stream = walker.OpenRead(open.Name);
                Assert.Equal(0, stream.Length);
            }
            else
            {
                Assert.Throws<FileNotFoundException>(() => walker.OpenRead(open.Name));
            }
        }
    }

    [Theory]
    [MemberData(nameof(ConstructionErrorIds))]
    public void ConstructionError(string id)
    {
        var v = WalkVectors.ById(id);
        Assert.True(v.GetProperty("expectError").GetBoolean());
        var error = Assert.Throws<IgnorePatternException>(() => WalkVectors.Filters(v));
        Assert.Contains("illegal exclusion pattern", error.Message, StringComparison.Ordinal);
    }
}
