using Kiln.Build.Operations.Files;
using Kiln.Testing;
using static Kiln.Build.Tests.Operations.Files.TestTree;

namespace Kiln.Build.Tests.Operations.Files;

/// <summary>--chown resolution against real passwd/group files, with the fallbacks seen on the real dockerd.</summary>
public sealed class ChownResolverTests
{
    private const string Passwd = "root:x:0:0:root:/root:/bin/sh\n\n  nobody:x:65534:65534:nobody:/home:/bin/false  \napp:x:1001:1002::/home/app:/bin/sh\napp:x:7:7::/dup:/bin/sh\nbroken:x:abc:12\n";
    private const string Group = "root:x:0:\nnogroup:x:65534:\nappgrp:x:1002:\nextra:x:2000:app\n";

    [Theory]
    [InlineData("1000", 1000u, 1000u)] // numeric user only: gid = uid
    [InlineData("1000:2000", 1000u, 2000u)]
    [InlineData("app", 1001u, 1002u)] // named user only: the user's primary group
    [InlineData("app:extra", 1001u, 2000u)]
    [InlineData("app:3", 1001u, 3u)]
    [InlineData("5:extra", 5u, 2000u)]
    [InlineData("root", 0u, 0u)]
    [InlineData("root:nogroup", 0u, 65534u)]
    [InlineData("nobody", 65534u, 65534u)] // the passwd line has surrounding spaces
    [InlineData("broken", 0u, 12u)] // an id that is not a number reads as 0
    [InlineData("nosuch", 0u, 0u)] // unknown user: 0:0, as the real dockerd did
    [InlineData("app:nosuch", 1001u, 1002u)] // unknown group: keeps the user's gid (dockerd: 1001:1002)
    [InlineData("1500:nosuch", 1500u, 1500u)]
    [InlineData(":1000", 0u, 1000u)]
    [InlineData("1000:", 1000u, 1000u)]
    [InlineData("-1", 0u, 0u)] // not a uint: a name, and none is called "-1"
    public void Resolves_like_buildkit(string spec, uint uid, uint gid)
    {
        using var root = new TempDirectory("kiln-chown");
        File(root.Path, "etc/passwd", Passwd);
        File(root.Path, "etc/group", Group);
        Assert.Equal(new Ownership(uid, gid), ChownResolver.Resolve(spec, root.Path));
    }

    [Fact]
    public void Missing_account_files_fall_back_to_root_and_numeric_ids_still_work()
    {
        using var root = new TempDirectory("kiln-chown");
        Assert.Equal(new Ownership(0, 0), ChownResolver.Resolve("app:staff", root.Path));
        Assert.Equal(new Ownership(0, 0), ChownResolver.Resolve("root", root.Path));
        Assert.Equal(new Ownership(12, 34), ChownResolver.Resolve("12:34", root.Path));
    }

    [Fact]
    public void Account_files_are_read_through_symlinks_inside_the_root_only()
    {
        using var root = new TempDirectory("kiln-chown");
        File(root.Path, "real/etc/passwd", "app:x:42:43::/:/bin/sh\n");
        Link(root.Path, "etc", "/real/etc");
        Link(root.Path, "real/etc/group", "../../../../../host-group"); // clamped to <root>/host-group: missing
        Assert.Equal(new Ownership(42, 43), ChownResolver.Resolve("app", root.Path));
        Assert.Equal(new Ownership(42, 0), ChownResolver.Resolve("app:root", root.Path));
        Assert.Equal(new Ownership(42, 43), ChownResolver.Resolve("app:daemon", root.Path)); // the host's /etc/group is never read
    }

    [Fact]
    public void Parsing_takes_the_first_entry_and_ignores_blank_lines()
    {
        Assert.Equal(new Ownership(1001, 1002), ChownResolver.FindUser(Passwd.Split('\n'), "app"));
        Assert.Null(ChownResolver.FindUser(Passwd.Split('\n'), ""));
        Assert.Null(ChownResolver.FindUser(["#app:x:1:1"], "app"));
        Assert.Equal(2000u, ChownResolver.FindGroup(Group.Split('\n'), "extra"));
        Assert.Null(ChownResolver.FindGroup(Group.Split('\n'), "app"));
        Assert.Equal(new Ownership(5, 0), ChownResolver.FindUser(["short:x:5"], "short"));
    }
}
