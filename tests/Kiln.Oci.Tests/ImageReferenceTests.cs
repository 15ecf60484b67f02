namespace Kiln.Oci.Tests;

public sealed class ImageReferenceTests
{
    private const string Hex = "7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa";

    public static TheoryData<string, string, string, string, string?, string?, string> Normalisation => new()
    {
        // input, canonical, registry, repository, tag, digest, familiar string
        { "ubuntu", "docker.io/library/ubuntu:latest", "docker.io", "library/ubuntu", "latest", null, "ubuntu:latest" },
        { "ubuntu:22.04", "docker.io/library/ubuntu:22.04", "docker.io", "library/ubuntu", "22.04", null, "ubuntu:22.04" },
        { "library/ubuntu", "docker.io/library/ubuntu:latest", "docker.io", "library/ubuntu", "latest", null, "ubuntu:latest" },
        { "docker.io/ubuntu", "docker.io/library/ubuntu:latest", "docker.io", "library/ubuntu", "latest", null, "ubuntu:latest" },
        { "docker.io/library/ubuntu", "docker.io/library/ubuntu:latest", "docker.io", "library/ubuntu", "latest", null, "ubuntu:latest" },
        { "index.docker.io/library/ubuntu", "docker.io/library/ubuntu:latest", "docker.io", "library/ubuntu", "latest", null, "ubuntu:latest" },
        { "index.docker.io/ubuntu:20.04", "docker.io/library/ubuntu:20.04", "docker.io", "library/ubuntu", "20.04", null, "ubuntu:20.04" },
        { "busybox", "docker.io/library/busybox:latest", "docker.io", "library/busybox", "latest", null, "busybox:latest" },
        { "user/app", "docker.io/user/app:latest", "docker.io", "user/app", "latest", null, "user/app:latest" },
        { "docker.io/user/app:v1", "docker.io/user/app:v1", "docker.io", "user/app", "v1", null, "user/app:v1" },
        { "library/foo/bar", "docker.io/library/foo/bar:latest", "docker.io", "library/foo/bar", "latest", null, "library/foo/bar:latest" },
        { "localhost/foo", "localhost/foo:latest", "localhost", "foo", "latest", null, "localhost/foo:latest" },
        { "localhost:5000/foo/bar:tag", "localhost:5000/foo/bar:tag", "localhost:5000", "foo/bar", "tag", null, "localhost:5000/foo/bar:tag" },
        { "localhost:5000", "docker.io/library/localhost:5000", "docker.io", "library/localhost", "5000", null, "localhost:5000" },
        { "example.com/a/b@sha256:" + Hex, "example.com/a/b@sha256:" + Hex, "example.com", "a/b", null, "sha256:" + Hex, "example.com/a/b@sha256:" + Hex },
        { "example.com/a/b:v1@sha256:" + Hex, "example.com/a/b:v1@sha256:" + Hex, "example.com", "a/b", "v1", "sha256:" + Hex, "example.com/a/b:v1@sha256:" + Hex },
        { "busybox@sha256:" + Hex, "docker.io/library/busybox@sha256:" + Hex, "docker.io", "library/busybox", null, "sha256:" + Hex, "busybox@sha256:" + Hex },
        { "host:5000/a/b@sha256:" + Hex, "host:5000/a/b@sha256:" + Hex, "host:5000", "a/b", null, "sha256:" + Hex, "host:5000/a/b@sha256:" + Hex },
        { "127.0.0.1:5000/app", "127.0.0.1:5000/app:latest", "127.0.0.1:5000", "app", "latest", null, "127.0.0.1:5000/app:latest" },
        { "[::1]:5000/app:1", "[::1]:5000/app:1", "[::1]:5000", "app", "1", null, "[::1]:5000/app:1" },
        { "Example.com/app", "Example.com/app:latest", "Example.com", "app", "latest", null, "Example.com/app:latest" },
        { "ghcr.io/owner/repo/sub:1.2.3-rc_1", "ghcr.io/owner/repo/sub:1.2.3-rc_1", "ghcr.io", "owner/repo/sub", "1.2.3-rc_1", null, "ghcr.io/owner/repo/sub:1.2.3-rc_1" },
        { "a.b-c.com/x__y/z-w.v_1:Tag_9", "a.b-c.com/x__y/z-w.v_1:Tag_9", "a.b-c.com", "x__y/z-w.v_1", "Tag_9", null, "a.b-c.com/x__y/z-w.v_1:Tag_9" },
        { "foo--bar", "docker.io/library/foo--bar:latest", "docker.io", "library/foo--bar", "latest", null, "foo--bar:latest" },
        { "example.com", "docker.io/library/example.com:latest", "docker.io", "library/example.com", "latest", null, "example.com:latest" },
    };

    [Theory]
    [MemberData(nameof(Normalisation))]
    public void Parse_normalises_like_docker(string input, string canonical, string registry, string repository, string? tag, string? digest, string familiar)
    {
        var reference = ImageReference.Parse(input);

        Assert.Equal(canonical, reference.ToString());
        Assert.Equal(registry, reference.Registry);
        Assert.Equal(repository, reference.Repository);
        Assert.Equal(tag, reference.Tag);
        Assert.Equal(digest, reference.Digest?.ToString());
        Assert.Equal(familiar, reference.FamiliarString);
        Assert.Equal(reference, ImageReference.Parse(canonical));
        Assert.Equal(reference, ImageReference.Parse(familiar));
    }

    [Theory]
    [InlineData("ubuntu", "ubuntu")]
    [InlineData("docker.io/library/ubuntu:22.04", "ubuntu")]
    [InlineData("user/app", "user/app")]
    [InlineData("library/foo/bar", "library/foo/bar")]
    [InlineData("localhost:5000/foo", "localhost:5000/foo")]
    [InlineData("quay.io/library/ubuntu", "quay.io/library/ubuntu")]
    public void FamiliarName_drops_docker_hub_defaults(string input, string expected)
    {
        Assert.Equal(expected, ImageReference.Parse(input).FamiliarName);
    }

    [Theory]
    [InlineData("", "repository name must have at least one component")]
    [InlineData("Ubuntu", "invalid reference format: repository name (library/Ubuntu) must be lowercase")]
    [InlineData("UPPER:tag", "invalid reference format: repository name (library/UPPER) must be lowercase")]
    [InlineData("docker.io/Library/ubuntu", "invalid reference format: repository name (Library/ubuntu) must be lowercase")]
    [InlineData("example.com/Foo/bar", "repository name (Foo/bar) must be lowercase")]
    [InlineData("ubuntu:", "invalid tag \"\"")]
    [InlineData("ubuntu:-bad", "invalid tag \"-bad\"")]
    [InlineData("ubuntu:.bad", "invalid tag \".bad\"")]
    [InlineData("ubuntu:bad!", "invalid tag \"bad!\"")]
    [InlineData("ubuntu:a/b", "registry \"ubuntu:a\"")]
    [InlineData("foo..bar", "path component \"foo..bar\"")]
    [InlineData("foo_", "path component \"foo_\"")]
    [InlineData("-foo", "path component \"-foo\"")]
    [InlineData("foo___bar", "path component \"foo___bar\"")]
    [InlineData("foo/", "empty path component")]
    [InlineData("/foo", "empty path component")]
    [InlineData("a//b", "empty path component")]
    [InlineData("foo@sha256:abc", "invalid digest \"sha256:abc\"")]
    [InlineData("foo@md5:d41d8cd98f00b204e9800998ecf8427e", "invalid digest")]
    [InlineData("foo@", "invalid digest")]
    [InlineData("-host.com/foo", "registry \"-host.com\"")]
    [InlineData("host:port/foo", "registry \"host:port\"")]
    [InlineData("host:/foo", "registry \"host:\"")]
    [InlineData("[zz]:5000/foo", "registry \"[zz]:5000\"")]
    [InlineData(Hex, "cannot specify 64-byte hexadecimal strings")]
    [InlineData("ubuntu 22", "path component")]
    public void Parse_rejects_invalid_references(string input, string expected)
    {
        var ex = Assert.Throws<InvalidReferenceException>(() => ImageReference.Parse(input));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Equal(input, ex.Input);
        Assert.IsAssignableFrom<FormatException>(ex);
        Assert.False(ImageReference.TryParse(input, out _));
    }

    [Fact]
    public void Parse_rejects_overlong_tags_and_names()
    {
        Assert.NotNull(ImageReference.Parse("ubuntu:" + new string('a', 128)));
        var tag = Assert.Throws<InvalidReferenceException>(() => ImageReference.Parse("ubuntu:" + new string('a', 129)));
        Assert.Contains("1 to 128 characters", tag.Message, StringComparison.Ordinal);

        var longName = "example.com/" + new string('a', 243);
        Assert.NotNull(ImageReference.Parse(longName));
        var name = Assert.Throws<InvalidReferenceException>(() => ImageReference.Parse(longName + "a"));
        Assert.Contains("must not be more than 255 characters", name.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithTag_replaces_the_tag_and_validates_it()
    {
        var reference = ImageReference.Parse("example.com/app@sha256:" + Hex);

        var tagged = reference.WithTag("v2");

        Assert.Equal("example.com/app:v2@sha256:" + Hex, tagged.ToString());
        Assert.Equal("docker.io/library/app:1.0", ImageReference.Parse("app").WithTag("1.0").ToString());
        var ex = Assert.Throws<InvalidReferenceException>(() => reference.WithTag("no/slash"));
        Assert.Contains("no/slash", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithDigest_pins_and_WithoutDigest_unpins()
    {
        var digest = Digest.Parse("sha256:" + Hex);

        var pinned = ImageReference.Parse("busybox:1.36").WithDigest(digest);

        Assert.Equal("docker.io/library/busybox:1.36@sha256:" + Hex, pinned.ToString());
        Assert.Equal("docker.io/library/busybox:1.36", pinned.WithoutDigest().ToString());
        Assert.Equal("docker.io/library/busybox:latest", ImageReference.Parse("busybox@sha256:" + Hex).WithoutDigest().ToString());
        Assert.Throws<ArgumentException>(() => pinned.WithDigest(default));
    }

    [Fact]
    public void Name_and_docker_hub_detection()
    {
        var hub = ImageReference.Parse("nginx");
        var other = ImageReference.Parse("registry.example.com:443/team/nginx");

        Assert.Equal("docker.io/library/nginx", hub.Name);
        Assert.True(hub.IsDockerHub);
        Assert.Equal("registry.example.com:443/team/nginx", other.Name);
        Assert.False(other.IsDockerHub);
    }

    [Theory]
    [InlineData("latest", true)]
    [InlineData("_x", true)]
    [InlineData("V1.2-3_b", true)]
    [InlineData(".x", false)]
    [InlineData("-x", false)]
    [InlineData("", false)]
    [InlineData("é", false)]
    public void IsValidTag_follows_the_grammar(string tag, bool expected)
    {
        Assert.Equal(expected, ImageReference.IsValidTag(tag));
    }
}
