using Kiln.Build.Context;

namespace Kiln.Build.Tests.Context;

/// <summary>Own tests for the matcher: deciding pattern, messages, glob details, incremental agreement.</summary>
public sealed class PatternMatcherTests
{
    private static PatternMatcher FromFile(string content) => PatternMatcher.Create(IgnoreFileReader.Read(content, ".dockerignore"));

    [Fact]
    public void Reports_the_last_applicable_pattern_with_its_line()
    {
        var m = FromFile("# logs\n*.log\n\n!keep.log\nbuild/\n");

        var log = m.Match("debug.log");
        Assert.True(log.IsMatch);
        Assert.Equal(2, log.DecidedBy!.Line);
        Assert.Equal("excluded by .dockerignore line 2 (`*.log`)", log.Describe());

        var keep = m.Match("keep.log");
        Assert.False(keep.IsMatch);
        Assert.Equal(4, keep.DecidedBy!.Line);
        Assert.Equal("re-included by .dockerignore line 4 (`!keep.log`)", keep.Describe());

        var nested = m.Match("build/out/app.bin");
        Assert.True(nested.IsMatch);
        Assert.Equal(5, nested.DecidedBy!.Line);
        Assert.Equal("build", nested.DecidedBy.Text);

        var none = m.Match("src/main.cs");
        Assert.False(none.IsMatch);
        Assert.Null(none.DecidedBy);
    }

    [Fact]
    public void Incremental_match_reports_the_same_deciding_pattern()
    {
        var m = FromFile("docs\n!docs/README.md\ndocs/README.md\n");
        m.Match("docs", default, out var docs);
        var result = m.Match("docs/README.md", docs, out _);
        Assert.True(result.IsMatch);
        Assert.Equal(3, result.DecidedBy!.Line);
        Assert.Equal(m.Match("docs/README.md"), result);
    }

    [Fact]
    public void Syntax_error_names_file_line_pattern_and_fix()
    {
        var error = Assert.Throws<IgnorePatternException>(() => FromFile("ok\n\nsrc/[abc\n"));
        Assert.Equal(".dockerignore", error.SourceFile);
        Assert.Equal(3, error.Line);
        Assert.Equal("src/[abc", error.Pattern!.Text);
        Assert.StartsWith(".dockerignore line 3: syntax error", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"src/[abc\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("escape", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reversed_range_fails_on_every_match_with_location()
    {
        var m = FromFile("a\n[Local-Only]/\n");
        for (var i = 0; i < 3; i++)
        {
            var error = Assert.Throws<IgnorePatternException>(() => m.MatchesOrParentMatches("x"));
            Assert.Equal(2, error.Line);
            Assert.Contains("'l-O'", error.Message, StringComparison.Ordinal);
        }

        // A broken pattern that cannot change the state is never evaluated (as in BuildKit).
        var skipped = PatternMatcher.Create(["**", "[Local-Only]"]);
        Assert.True(skipped.MatchesOrParentMatches("x"));
    }

    [Fact]
    public void Exclude_flag_patterns_are_described_without_line()
    {
        var error = Assert.Throws<IgnorePatternException>(() => PatternMatcher.Create(["!"], "--exclude"));
        Assert.Equal(0, error.Line);
        Assert.StartsWith("--exclude: illegal exclusion pattern", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("**file", "xfile", true)] // leading ** + literal: suffix match
    [InlineData("**file", "dir/xfile", true)]
    [InlineData("**/foo", "xfoo", false)]
    [InlineData("a**b", "ab", true)]
    [InlineData("a**b", "ax/b", true)]
    [InlineData("a**b", "axb", false)] // "**" mid-pattern is "(.*/)?"
    [InlineData("abc**", "abcdef", true)]
    [InlineData("a?b", "a\U0001F600b", true)] // '?' is one code point, not one UTF-16 unit
    [InlineData("a[^x]b", "a/b", true)] // classes may match '/', like BuildKit's matcher
    [InlineData("[\U0001F600-\U0001F64F]", "\U0001F610", true)]
    [InlineData("a\\?", "a?", true)]
    [InlineData("a\\?", "ab", false)]
    [InlineData("A*", "abc", false)] // case-sensitive
    [InlineData("*.[ch]", "x.c", true)]
    [InlineData("*.[ch]", "x.o", false)]
    [InlineData("a^b", "a^b", true)]
    [InlineData("./src/../lib/", "lib/x", true)] // cleaned
    [InlineData("  spaced  ", "spaced", true)] // trimmed
    public void Glob_details(string pattern, string path, bool expected)
    {
        var m = PatternMatcher.Create([pattern]);
        Assert.Equal(expected, m.MatchesOrParentMatches(path));
        Assert.Equal(expected, PatternVectorTests.MatchIncrementally(m, path));
    }

    [Theory]
    [InlineData("foo*|!foo/bar2", "foo", true)]
    [InlineData("foo|!bar", "foo", false)]
    [InlineData("foo|!foo/bar/baz", "foo/bar", true)]
    [InlineData("foo|!foo/x/baz", "foo/bar", false)]
    [InlineData("**|!**/keep", "any/dir", true)]
    [InlineData("a|!a/*/c", "a", true)]
    [InlineData("a|!a/*/c", "a/b/c", false)] // already re-included at a/b/c itself; nothing new below
    public void Could_reinclude_below(string patterns, string directory, bool expected)
    {
        var m = PatternMatcher.Create(patterns.Split('|'));
        Assert.Equal(expected, m.CouldReincludeBelow(directory));
    }

    [Theory]
    [InlineData("bar/foo", "bar", true)]
    [InlineData("bar/foo", "baz", false)]
    [InlineData("b*/f*", "bar", true)]
    [InlineData("f*", "bar", false)]
    [InlineData("**/x", "deep/er", true)]
    [InlineData("abc/**", "abc", true)]
    [InlineData("abc/**", "abd", false)]
    public void Could_match_below(string pattern, string directory, bool expected)
    {
        Assert.Equal(expected, PatternMatcher.Create([pattern]).CouldMatchBelow(directory));
    }

    [Fact]
    public void Incremental_and_full_matching_agree_on_random_inputs()
    {
        var random = new Random(1234);
        string[] segments = ["a", "b", "ab", "*", "a*", "*b", "?", "**", "[ab]", "[^a]", "c.txt", "*.txt"];
        string[] names = ["a", "b", "ab", "ba", "c.txt", "x.txt", "aa"];
        for (var round = 0; round < 400; round++)
        {
            var patterns = Enumerable.Range(0, random.Next(1, 5)).Select(_ =>
                (random.Next(3) == 0 ? "!" : string.Empty)
                + string.Join('/', Enumerable.Range(0, random.Next(1, 4)).Select(_ => segments[random.Next(segments.Length)]))).ToArray();
            var m = PatternMatcher.Create(patterns);
            for (var p = 0; p < 10; p++)
            {
                var path = string.Join('/', Enumerable.Range(0, random.Next(1, 5)).Select(_ => names[random.Next(names.Length)]));
                var full = m.Match(path);
                Assert.True(full.IsMatch == PatternVectorTests.MatchIncrementally(m, path), $"{string.Join(" ", patterns)} on {path}");
                Assert.Equal(full, m.Match(path, default, out _));
            }
        }
    }
}
