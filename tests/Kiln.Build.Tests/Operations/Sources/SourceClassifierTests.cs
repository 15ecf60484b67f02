using Kiln.Build.Operations.Sources;

namespace Kiln.Build.Tests.Operations.Sources;

/// <summary>DF-ADD-GIT / DF-ADD-URL: which ADD sources BuildKit's frontend clones, downloads or reads from the context.</summary>
public sealed class SourceClassifierTests
{
    [Theory]
    [InlineData("https://github.com/moby/buildkit.git")]
    [InlineData("https://github.com/moby/buildkit.git#v0.10.1")]
    [InlineData("https://github.com/moby/buildkit.git#v0.10.1:docs")]
    [InlineData("https://github.com/moby/buildkit.git?ref=v0.10.1&subdir=docs")]
    [InlineData("https://github.com/moby/buildkit.git?unknown=1")] // still git: Parse reports the bad option
    [InlineData("http://example.com/repo.git")]
    [InlineData("HTTPS://example.com/repo.git")] // the scheme test is case-insensitive
    [InlineData("https://user:secret@example.com/org/repo.git")]
    [InlineData("git@github.com:moby/buildkit.git")]
    [InlineData("git@github.com:moby/buildkit.git#main:docs")]
    [InlineData("git@github.com:moby/buildkit.git?branch=main")]
    [InlineData("deploy_user-1@host.example:repo")]
    [InlineData("ssh://git@github.com/moby/buildkit")]
    [InlineData("ssh://git@github.com:22/moby/buildkit.git")]
    [InlineData("git://example.com/repo")]
    [InlineData("Git://example.com/repo")]
    public void Git_urls(string source) => Assert.Equal(SourceKind.Git, SourceClassifier.Classify(source));

    [Theory]
    [InlineData("https://example.com/file.tar.gz")]
    [InlineData("http://example.com/")]
    [InlineData("http://example.com")]
    [InlineData("https://example.com/download?file=repo.git")]
    [InlineData("https://example.com/repo.git.tar")]
    [InlineData("https://example.com/repo.git/archive.tgz")]
    [InlineData("https://example.com/repo.GIT")] // the .git suffix is case-sensitive
    public void Http_urls(string source) => Assert.Equal(SourceKind.Http, SourceClassifier.Classify(source));

    [Theory]
    [InlineData("app.tar.gz")]
    [InlineData("repo.git")]
    [InlineData("./repo.git")]
    [InlineData("../x")]
    [InlineData("github.com/moby/buildkit")] // deprecated form: only for build contexts
    [InlineData("HTTPS://example.com/file.txt")] // BuildKit's http check is case-sensitive
    [InlineData("ftp://example.com/file")]
    [InlineData("file:///srv/repo.git")]
    [InlineData("host:path")] // scp form needs a user
    [InlineData("git@host")]
    [InlineData("git@host/org/repo.git")]
    [InlineData("dir/git@host:x")]
    [InlineData("")]
    public void Local_paths(string source) => Assert.Equal(SourceKind.Local, SourceClassifier.Classify(source));
}
