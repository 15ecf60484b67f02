using Kiln.Runtime.Users;

namespace Kiln.Runtime.Tests;

/// <summary>USER resolution against an image's passwd/group, as libcontainer's GetExecUser does for Docker and BuildKit.</summary>
public sealed class UserResolverTests
{
    private static readonly string[] Passwd =
    [
        "root:x:0:0:root:/root:/bin/sh",
        "app:x:1001:1002:app:/home/app:/bin/sh",
        "  ",
        "svc:x:2000:2000::/:/bin/false",
    ];

    private static readonly string[] Group =
    [
        "root:x:0:",
        "app:x:1002:",
        "docker:x:999:app,svc",
        "staff:x:50:app",
        "svc:x:2000:",
    ];

    [Theory]
    [InlineData(null, 0u, 0u, "")]
    [InlineData("", 0u, 0u, "")]
    [InlineData("root", 0u, 0u, "")]
    [InlineData("app", 1001u, 1002u, "999,50")]
    [InlineData("1001", 1001u, 1002u, "999,50")]
    [InlineData("4242", 4242u, 0u, "")]
    [InlineData("app:staff", 1001u, 50u, "50")]
    [InlineData("app:7", 1001u, 7u, "7")]
    [InlineData("4242:4343", 4242u, 4343u, "4343")]
    [InlineData("svc", 2000u, 2000u, "999")]
    public void ResolvesLikeGetExecUser(string? spec, uint uid, uint gid, string groups)
    {
        var user = UserResolver.Resolve(spec, Passwd, Group);
        Assert.Equal(uid, user.Uid);
        Assert.Equal(gid, user.Gid);
        Assert.Equal(groups, string.Join(',', user.AdditionalGids));
    }

    [Theory]
    [InlineData("nosuch", "unable to find user nosuch")]
    [InlineData("app:nosuch", "unable to find group nosuch")]
    public void UnknownNamesAreErrors(string spec, string message)
    {
        var error = Assert.Throws<UserNotFoundException>(() => UserResolver.Resolve(spec, Passwd, Group));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NumericIdsNeedNoFiles()
    {
        var user = UserResolver.Resolve("5:6", [], []);
        Assert.Equal((5u, 6u), (user.Uid, user.Gid));
        Assert.Equal([6u], user.AdditionalGids);
    }
}
