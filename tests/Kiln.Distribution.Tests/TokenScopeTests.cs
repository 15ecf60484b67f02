using Kiln.Distribution.Auth;

namespace Kiln.Distribution.Tests;

public sealed class TokenScopeTests
{
    [Theory]
    [InlineData("GET", "/v2/library/busybox/manifests/latest", "repository:library/busybox:pull")]
    [InlineData("HEAD", "/v2/a/b/c/blobs/sha256:00", "repository:a/b/c:pull")]
    [InlineData("POST", "/v2/app/blobs/uploads/", "repository:app:pull,push")]
    [InlineData("PATCH", "/v2/app/blobs/uploads/0c5e", "repository:app:pull,push")]
    [InlineData("DELETE", "/v2/app/manifests/sha256:00", "repository:app:delete")]
    [InlineData("GET", "/v2/my/tags/list", "repository:my:pull")]
    [InlineData("GET", "/v2/blobs/manifests/x", "repository:blobs:pull")]
    public void Derives_the_scope_from_method_and_path(string method, string path, string expected) =>
        Assert.Equal(expected, TokenScope.For(new HttpMethod(method), path));

    [Fact]
    public void The_api_root_needs_no_scope() => Assert.Null(TokenScope.For(HttpMethod.Get, "/v2/"));

    [Fact]
    public void Merge_combines_actions_per_resource_sorted()
    {
        var merged = TokenScope.Merge("repository:b:push", "repository:a:pull repository:b:pull", null, "repository:a:pull");
        Assert.Equal(["repository:a:pull", "repository:b:pull,push"], merged);
    }
}
