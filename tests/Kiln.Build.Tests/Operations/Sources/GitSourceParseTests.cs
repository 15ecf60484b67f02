using Kiln.Build.Operations.Sources;

namespace Kiln.Build.Tests.Operations.Sources;

/// <summary>DF-ADD-GIT-REF, DF-ADD-KEEP-GIT-DIR, DF-ADD-CHECKSUM: the fragment and query forms, and their conflicts.</summary>
public sealed class GitSourceParseTests
{
    [Fact]
    public void Fragment_gives_ref_and_subdir_and_the_remote_drops_it()
    {
        var source = GitSource.Parse("https://github.com/moby/buildkit.git#v0.10.1:docs/reference");
        Assert.Equal("https://github.com/moby/buildkit.git", source.Remote);
        Assert.Equal("v0.10.1", source.Ref);
        Assert.Equal("docs/reference", source.Subdir);
        Assert.Null(source.Checksum);
        Assert.Null(source.KeepGitDir);
        Assert.False(source.UnencryptedTransport);
    }

    [Fact]
    public void Fragment_with_only_a_subdir_keeps_the_default_ref()
    {
        var source = GitSource.Parse("https://example.com/r.git#:sub");
        Assert.Null(source.Ref);
        Assert.Equal("sub", source.Subdir);
    }

    [Fact]
    public void Scheme_is_lowercased_in_the_remote_as_go_url_parse_does()
    {
        Assert.Equal("https://example.com/r.git", GitSource.Parse("HTTPS://example.com/r.git").Remote);
    }

    [Theory]
    [InlineData("?branch=main", "refs/heads/main")]
    [InlineData("?branch=refs/heads/main", "refs/heads/main")]
    [InlineData("?tag=v1.2.3", "refs/tags/v1.2.3")]
    [InlineData("?ref=pull/42/head", "pull/42/head")]
    [InlineData("?ref=v1#v1", "v1")]
    [InlineData("?tag=v1#refs/tags/v1", "refs/tags/v1")]
    public void Query_ref_tag_and_branch(string suffix, string expected)
    {
        var source = GitSource.Parse("https://example.com/org/repo.git" + suffix);
        Assert.Equal("https://example.com/org/repo.git", source.Remote);
        Assert.Equal(expected, source.Ref);
    }

    [Fact]
    public void Query_options_all_together()
    {
        var sha = new string('A', 40);
        var source = GitSource.Parse($"https://example.com/repo.git?tag=v1&subdir=a%2Fb&checksum={sha}&keep-git-dir&submodules=false&mtime=commit&fetch-by-commit=1");
        Assert.Equal("refs/tags/v1", source.Ref);
        Assert.Equal("a/b", source.Subdir);
        Assert.Equal(new string('a', 40), source.Checksum);
        Assert.True(source.KeepGitDir);
        Assert.False(source.Submodules);
        Assert.Equal("commit", source.MTime);
        Assert.True(source.FetchByCommit);
    }

    [Fact]
    public void Commit_is_an_alias_of_checksum_and_a_prefix_is_allowed()
    {
        Assert.Equal("abc1234", GitSource.Parse("https://example.com/repo.git?commit=ABC1234").Checksum);
    }

    [Fact]
    public void Scp_form_with_query_and_fragment()
    {
        var source = GitSource.Parse("git@github.com:moby/buildkit.git?subdir=docs#v0.12.0");
        Assert.Equal("git@github.com:moby/buildkit.git", source.Remote);
        Assert.Equal("v0.12.0", source.Ref);
        Assert.Equal("docs", source.Subdir);
    }

    [Theory]
    [InlineData("git://example.com/repo", true)]
    [InlineData("http://example.com/repo.git", true)]
    [InlineData("https://example.com/repo.git", false)]
    [InlineData("ssh://git@example.com/repo", false)]
    [InlineData("git@example.com:repo.git", false)]
    public void Unencrypted_transports_are_flagged(string url, bool unencrypted) =>
        Assert.Equal(unencrypted, GitSource.Parse(url).UnencryptedTransport);

    [Fact]
    public void File_urls_are_accepted_outside_a_dockerfile()
    {
        var source = GitSource.Parse("file:///srv/repos/app#main");
        Assert.Equal("file:///srv/repos/app", source.Remote);
        Assert.Equal("main", source.Ref);
        Assert.Equal(SourceKind.Local, SourceClassifier.Classify("file:///srv/repos/app#main"));
    }

    [Theory]
    [InlineData("?foo=bar", "unexpected query 'foo'")]
    [InlineData("?ref=", "query 'ref' has no value")]
    [InlineData("?ref=a&ref=b", "more than once")]
    [InlineData("?ref=main#dev", "ref conflicts")]
    [InlineData("?tag=v1&branch=main", "branch conflicts with tag")]
    [InlineData("?ref=main&tag=v1", "ref conflicts")]
    [InlineData("?subdir=a#main:b", "subdir conflicts")]
    [InlineData("?keep-git-dir=maybe", "invalid keep-git-dir value 'maybe'")]
    [InlineData("?mtime=now", "mtime 'now' is not supported")]
    [InlineData("?checksum=xyz", "is not a commit SHA")]
    [InlineData("?fetch-by-commit", "fetch-by-commit needs the full commit SHA")]
    [InlineData("?fetch-by-commit&checksum=abc123", "fetch-by-commit needs the full commit SHA")]
    public void Malformed_options_fail_with_the_reason(string suffix, string reason)
    {
        var e = Assert.Throws<SourceException>(() => GitSource.Parse("https://example.com/repo.git" + suffix));
        Assert.Equal(SourceException.InvalidGitUrl, e.Id);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.Contains("https://example.com/repo.git", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_never_show_a_password()
    {
        var e = Assert.Throws<SourceException>(() => GitSource.Parse("https://bob:hunter2@example.com/repo.git?nope=1"));
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
        Assert.Contains("bob:xxxxx@example.com", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://example.com/file.tar.gz")]
    [InlineData("app.tar")]
    [InlineData("ftp://example.com/repo.git")]
    public void Non_git_sources_are_rejected(string url)
    {
        var e = Assert.Throws<SourceException>(() => GitSource.Parse(url));
        Assert.Contains("is not a git URL", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData(true, null, true)]
    [InlineData(null, true, true)]
    [InlineData(false, false, false)]
    [InlineData(true, true, true)]
    public void Keep_git_dir_combines_flag_and_url(bool? flag, bool? url, bool expected)
    {
        var source = GitSource.Parse("https://example.com/repo.git" + (url is null ? string.Empty : $"?keep-git-dir={url.Value.ToString().ToLowerInvariant()}"));
        Assert.Equal(expected, source.ResolveKeepGitDir(flag));
    }

    [Fact]
    public void Keep_git_dir_flag_conflicting_with_url_is_an_error()
    {
        var source = GitSource.Parse("https://example.com/repo.git?keep-git-dir=true");
        var e = Assert.Throws<SourceException>(() => source.ResolveKeepGitDir(false));
        Assert.Equal(SourceException.ConflictingOptions, e.Id);
        Assert.Contains("--keep-git-dir=false conflicts with keep-git-dir=true", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Checksum_flag_and_url_must_agree()
    {
        var source = GitSource.Parse("https://example.com/repo.git?checksum=abc123");
        Assert.Equal("abc123", source.ResolveChecksum("ABC123"));
        Assert.Equal("abc123", source.ResolveChecksum(null));
        Assert.Equal("def456", GitSource.Parse("https://example.com/repo.git").ResolveChecksum("def456"));
        var e = Assert.Throws<SourceException>(() => source.ResolveChecksum("def456"));
        Assert.Equal(SourceException.ConflictingOptions, e.Id);
    }
}
