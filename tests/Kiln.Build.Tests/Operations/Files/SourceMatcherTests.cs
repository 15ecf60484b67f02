using Kiln.Build.Operations.Files;
using Kiln.Testing;
using static Kiln.Build.Tests.Operations.Files.TestTree;

namespace Kiln.Build.Tests.Operations.Files;

/// <summary>COPY --from source matching on a real stage-like tree: literals, wildcards, --parents.</summary>
public sealed class SourceMatcherTests : IDisposable
{
    private readonly TempDirectory root = new("kiln-match");

    public SourceMatcherTests()
    {
        File(root.Path, "app/main.go", "m");
        File(root.Path, "app/util.go", "u");
        File(root.Path, "app/README", "r");
        File(root.Path, "app/sub/deep.go", "d");
        File(root.Path, "app/sub/more/x.go", "x");
        Dir(root.Path, "app/dir.go");
        File(root.Path, "app/dir.go/inner.txt", "i");
        File(root.Path, "other/a.go", "a");
        Link(root.Path, "linkdir", "/other");
        Link(root.Path, "app/linked.d", "/other");
    }

    public void Dispose() => root.Dispose();

    [Fact]
    public void A_literal_path_is_returned_cleaned_and_must_exist()
    {
        Assert.Equal([new CopySourceItem(root.Path, "app/main.go")], SourceMatcher.Match(root.Path, "/app/./main.go", parents: false));
        Assert.Equal([new CopySourceItem(root.Path, "app/main.go")], SourceMatcher.Match(root.Path, "../../app/main.go", parents: false));
        Assert.Equal([new CopySourceItem(root.Path, string.Empty)], SourceMatcher.Match(root.Path, "/", parents: false));
        Assert.Equal([new CopySourceItem(root.Path, "linkdir")], SourceMatcher.Match(root.Path, "linkdir/", parents: false));

        var error = Assert.Throws<FileOperationException>(() => SourceMatcher.Match(root.Path, "/x", parents: false));
        Assert.StartsWith("failed to compute cache key: \"/x\": not found", error.Message, StringComparison.Ordinal);
        Assert.Throws<FileOperationException>(() => SourceMatcher.Match(root.Path, "../x/../missing", parents: false));
    }

    [Fact]
    public void A_dangling_literal_symlink_is_not_found()
    {
        Link(root.Path, "dangling", "/nowhere");
        Assert.Throws<FileOperationException>(() => SourceMatcher.Match(root.Path, "/dangling", parents: false));
    }

    [Fact]
    public void Wildcards_match_per_segment_in_byte_order_and_never_cross_a_slash()
    {
        var matches = SourceMatcher.Match(root.Path, "/app/*.go", parents: false);
        Assert.Equal(["app/dir.go", "app/main.go", "app/util.go"], matches.Select(m => m.RelativePath));
        Assert.All(matches, m => Assert.True(m.IsFromWildcard));
        Assert.Equal(["app/sub/deep.go"], SourceMatcher.Match(root.Path, "app/*/*.go", parents: false).Select(m => m.RelativePath));
        Assert.Equal(["app/README"], SourceMatcher.Match(root.Path, "app/[A-Z]*", parents: false).Select(m => m.RelativePath));
        Assert.Equal(["app/main.go"], SourceMatcher.Match(root.Path, "app/ma?n.go", parents: false).Select(m => m.RelativePath));
    }

    [Fact]
    public void An_empty_wildcard_match_is_not_an_error()
    {
        Assert.Empty(SourceMatcher.Match(root.Path, "/app/*.rs", parents: false));
        Assert.Empty(SourceMatcher.Match(root.Path, "/missing/*.go", parents: false));
    }

    [Fact]
    public void The_literal_prefix_follows_symlinks_but_the_walk_does_not()
    {
        Assert.Equal(["other/a.go"], SourceMatcher.Match(root.Path, "/linkdir/*.go", parents: false).Select(m => m.RelativePath));
        Assert.Empty(SourceMatcher.Match(root.Path, "/app/*.d/*.go", parents: false));
    }

    [Fact]
    public void A_malformed_pattern_is_an_error()
    {
        var error = Assert.Throws<FileOperationException>(() => SourceMatcher.Match(root.Path, "/app/[a-", parents: false));
        Assert.Contains("/app/[a-", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parents_without_a_pivot_keep_the_whole_path()
    {
        Assert.Equal(
            [new CopySourceItem(root.Path, "app/sub/deep.go", false, "app/sub/deep.go")],
            SourceMatcher.Match(root.Path, "app/sub/deep.go", parents: true));
        var error = Assert.Throws<FileOperationException>(() => SourceMatcher.Match(root.Path, "app/sub/nope.go", parents: true));
        Assert.StartsWith("failed to compute cache key: \"/app/sub/nope.go\": not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parents_with_a_pivot_keep_only_the_part_after_it()
    {
        var matches = SourceMatcher.Match(root.Path, "app/./sub/*.go", parents: true);
        Assert.Equal([new CopySourceItem(root.Path, "app/sub/deep.go", true, "sub/deep.go")], matches);
    }

    [Fact]
    public void Parents_double_star_matches_any_depth_and_a_matched_directory_stands_for_its_content()
    {
        var matches = SourceMatcher.Match(root.Path, "app/./**/*.go", parents: true);
        Assert.Equal(
            ["dir.go", "main.go", "sub/deep.go", "sub/more/x.go", "util.go"],
            matches.Select(m => m.ParentsPath));
        Assert.All(matches, m => Assert.Equal("app/" + m.ParentsPath, m.RelativePath));
    }

    [Fact]
    public void Matches_feed_the_copier()
    {
        using var target = new TempDirectory("kiln-match-dst");
        var result = new FileCopier().Copy(
            new CopyRequest
            {
                Sources = SourceMatcher.Match(root.Path, "app/./**/*.go", parents: true),
                TargetRoot = target.Path,
                Destination = "/src/",
            },
            CancellationToken.None);
        Assert.Equal("x", Read(target.Path, "src/sub/more/x.go"));
        Assert.Equal("i", Read(target.Path, "src/dir.go/inner.txt"));
        Assert.False(System.IO.File.Exists(Path.Combine(target.Path, "src/README")));
        Assert.Equal(5, result.Files);
    }
}
