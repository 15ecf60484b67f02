using Kiln.Build.Context;
using Kiln.Build.Context.Hashing;
using Kiln.Testing;

namespace Kiln.Build.Tests.Context.Hashing;

/// <summary>DF-COPY-SRC-NORMALIZE, DF-COPY-WILDCARD, DF-COPY-PARENTS, DF-COPY-IGNORE: resolving COPY sources in the context.</summary>
public sealed class ContextSourceResolverTests : IDisposable
{
    private readonly TempDirectory dir = new("kiln-src");

    public ContextSourceResolverTests()
    {
        foreach (var name in new[] { "a.txt", "b.txt", "c.md", "arr[0].txt", "ab.txt", "star*.txt", "starX.txt", "app.log", "keep.log", "src/main.go", "src/util/u.go", "src/util/deep/d.go", "secrets/key", "Dockerfile" })
        {
            dir.WriteFile(name, name);
        }

        dir.WriteFile(".dockerignore", "# comment\nsecrets\n*.log\n!keep.log\n");
    }

    public void Dispose() => dir.Dispose();

    [Theory]
    [InlineData("*.txt", "a.txt,ab.txt,arr[0].txt,b.txt,star*.txt,starX.txt")]
    [InlineData("?.txt", "a.txt,b.txt")]
    [InlineData("[ab].txt", "a.txt,b.txt")]
    [InlineData("[^a].txt", "b.txt")]
    [InlineData("[a-b]b.txt", "ab.txt")]
    [InlineData("star\\*.t?t", "star*.txt")]
    [InlineData("arr[[]0].txt", "arr[0].txt")]
    [InlineData("/*.md", "c.md")]
    [InlineData("../../*.md", "c.md")]
    [InlineData("src/*.go", "src/main.go")]
    [InlineData("src/*/*.go", "src/util/u.go")]
    [InlineData("s*", "src,star*.txt,starX.txt")]
    [InlineData("**/*.go", "src/main.go")]
    [InlineData("*.log", "keep.log")]
    [InlineData("nothing*", "")]
    [InlineData("src/nope/*", "")]
    public void Wildcards_match_per_segment_and_respect_the_ignore_file(string source, string expected)
    {
        var resolved = Resolver().Resolve(source);
        Assert.True(resolved.HasWildcards);
        Assert.Equal(expected, string.Join(',', resolved.Matches.Select(m => m.Path)));
    }

    [Fact]
    public void Parents_double_star_matches_any_depth()
    {
        var resolved = Resolver().Resolve("**/*.go", parents: true);
        Assert.Equal(["src/main.go", "src/util/deep/d.go", "src/util/u.go"], resolved.Matches.Select(m => m.Path).Order(StringComparer.Ordinal));
        var pivot = Resolver().Resolve("src/./util/*.go", parents: true);
        Assert.Equal("/src", pivot.ParentsPivot);
        Assert.Equal(["src/util/u.go"], pivot.Matches.Select(m => m.Path));
    }

    [Theory]
    [InlineData("a.txt", "/a.txt", "a.txt")]
    [InlineData("/a.txt", "/a.txt", "a.txt")]
    [InlineData("./src/", "/src", "src")]
    [InlineData("src//util/../main.go", "/src/main.go", "src/main.go")]
    [InlineData(".", "/", ".")]
    [InlineData("keep.log", "/keep.log", "keep.log")]
    public void Literal_sources_are_normalised_like_buildkit(string source, string path, string entry)
    {
        var resolved = Resolver().Resolve(source);
        Assert.False(resolved.HasWildcards);
        Assert.False(resolved.LeftContext);
        Assert.Equal(path, resolved.Path);
        Assert.Equal(entry, Assert.Single(resolved.Matches).Path);
    }

    [Fact]
    public void A_backslash_without_a_wildcard_is_a_literal_path_as_in_buildkit()
    {
        // BuildKit only applies filepath.Match when an unescaped wildcard is present; otherwise the
        // source is a plain path, backslash included (the docs escape with `[[]` instead).
        dir.WriteFile("lit\\*.txt", "x");
        Assert.Equal("lit\\*.txt", Assert.Single(Resolver().Resolve("lit\\*.txt").Matches).Path);
        Assert.Equal(ContextSourceError.NotFound, Assert.Throws<ContextSourceException>(() => Resolver().Resolve("star\\*.txt")).Error);

        // Its include pattern selects exactly that file, not lit\anything.txt.
        dir.WriteFile("lit\\other.txt", "x");
        var include = ContextFilter.Create([Resolver().Resolve("lit\\*.txt").IncludePattern!], null);
        Assert.Equal(["lit\\*.txt"], new ContextWalker(dir.Path, [include]).Walk().Select(e => e.Path));
    }

    [Fact]
    public void A_literal_excluded_by_the_ignore_file_names_the_line()
    {
        var error = Assert.Throws<ContextSourceException>(() => Resolver().Resolve("app.log"));
        Assert.Equal(ContextSourceError.ExcludedByIgnoreFile, error.Error);
        Assert.Equal("/app.log", error.Path);
        Assert.StartsWith("failed to compute cache key: \"/app.log\": not found: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("excluded by .dockerignore line 3 (`*.log`)", error.Message, StringComparison.Ordinal);
        Assert.Contains("`!app.log`", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Exclusion!.Value.DecidedBy!.Line);
    }

    [Fact]
    public void A_literal_inside_an_excluded_directory_names_the_directory_line()
    {
        var error = Assert.Throws<ContextSourceException>(() => Resolver().Resolve("secrets/key"));
        Assert.Equal(ContextSourceError.ExcludedByIgnoreFile, error.Error);
        Assert.Contains("excluded by .dockerignore line 2 (`secrets`)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_source_that_climbs_out_of_the_context_says_so()
    {
        var error = Assert.Throws<ContextSourceException>(() => Resolver().Resolve("../outside.txt"));
        Assert.Equal(ContextSourceError.OutsideContext, error.Error);
        Assert.Equal("/outside.txt", error.Path);
        Assert.StartsWith("failed to compute cache key: \"/outside.txt\": not found: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("COPY sources are relative to the context; ../ cannot leave it", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"../outside.txt\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_climbing_source_that_exists_inside_the_context_resolves_there_and_is_flagged()
    {
        var resolved = Resolver().Resolve("../a.txt");
        Assert.True(resolved.LeftContext);
        Assert.Equal("/a.txt", resolved.Path);
        Assert.Equal("a.txt", Assert.Single(resolved.Matches).Path);
    }

    [Fact]
    public void A_missing_literal_is_not_found_with_a_suggestion()
    {
        var error = Assert.Throws<ContextSourceException>(() => Resolver().Resolve("src/mian.go"));
        Assert.Equal(ContextSourceError.NotFound, error.Error);
        Assert.StartsWith("failed to compute cache key: \"/src/mian.go\": not found: no such file or directory in the build context ", error.Message, StringComparison.Ordinal);
        Assert.Contains("(did you mean main.go?)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Suggestions_do_not_reveal_ignored_names()
    {
        var error = Assert.Throws<ContextSourceException>(() => Resolver().Resolve("secret"));
        Assert.Equal(ContextSourceError.NotFound, error.Error);
        Assert.DoesNotContain("secrets", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_pattern_is_reported()
    {
        var error = Assert.Throws<ContextSourceException>(() => Resolver().Resolve("[a.txt"));
        Assert.Equal(ContextSourceError.InvalidPattern, error.Error);
        Assert.Contains("\"[a.txt\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_ignore_file_everything_is_visible()
    {
        var resolved = new ContextSourceResolver(dir.Path).Resolve("*.log");
        Assert.Equal(["app.log", "keep.log"], resolved.Matches.Select(m => m.Path));
    }

    [Fact]
    public void Include_patterns_from_resolved_sources_select_what_is_hashed()
    {
        var resolver = Resolver();
        var sources = new[] { resolver.Resolve("src/*.go"), resolver.Resolve("a.txt") };
        var include = ContextFilter.Create(sources.Select(s => s.IncludePattern!).ToList(), null);
        var selection = new ContentHasher().HashSelection(dir.Path, [IgnoreFileLocator.Locate(dir.Path, null)!.ToFilter(), include]);
        Assert.Equal([".", "a.txt", "src", "src/main.go"], selection.Paths.Keys.Order(StringComparer.Ordinal));
    }

    private ContextSourceResolver Resolver() => new(dir.Path, IgnoreFileLocator.Locate(dir.Path, null)!.ToFilter());
}
