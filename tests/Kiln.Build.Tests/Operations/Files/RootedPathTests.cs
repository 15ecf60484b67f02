using Kiln.Build.Operations.Files;
using Kiln.Testing;
using static Kiln.Build.Tests.Operations.Files.TestTree;

namespace Kiln.Build.Tests.Operations.Files;

/// <summary>Symlink resolution confined to a root (securejoin semantics) on real trees.</summary>
public sealed class RootedPathTests
{
    [Fact]
    public void Plain_paths_are_joined_and_cleaned()
    {
        using var root = new TempDirectory("kiln-rooted");
        Dir(root.Path, "a/b");
        Assert.Equal(root.Path + "/a/b", RootedPath.Resolve(root.Path, "/a/./b/", followFinalSymlink: true));
        Assert.Equal(root.Path + "/a/b", RootedPath.Resolve(root.Path, "a//b", followFinalSymlink: true));
        Assert.Equal(root.Path, RootedPath.Resolve(root.Path, "/", followFinalSymlink: true));
        Assert.Equal(root.Path, RootedPath.Resolve(root.Path + "/", "", followFinalSymlink: true));
    }

    [Fact]
    public void Dot_dot_never_climbs_above_the_root()
    {
        using var root = new TempDirectory("kiln-rooted");
        Assert.Equal(root.Path + "/etc/passwd", RootedPath.Resolve(root.Path, "../../../../etc/passwd", followFinalSymlink: true));
        Assert.Equal(root.Path + "/x", RootedPath.Resolve(root.Path, "/a/../../x", followFinalSymlink: true));
    }

    [Fact]
    public void Absolute_symlink_targets_are_relative_to_the_root()
    {
        using var root = new TempDirectory("kiln-rooted");
        Dir(root.Path, "etc");
        Link(root.Path, "link", "/etc");
        Assert.Equal(root.Path + "/etc/passwd", RootedPath.Resolve(root.Path, "/link/passwd", followFinalSymlink: true));
        Assert.Equal(root.Path + "/etc", RootedPath.Resolve(root.Path, "/link", followFinalSymlink: true));
    }

    [Fact]
    public void Relative_symlinks_with_dot_dot_are_clamped_at_the_root()
    {
        using var root = new TempDirectory("kiln-rooted");
        Dir(root.Path, "usr/lib");
        Link(root.Path, "usr/lib/up", "../../../../../etc");
        Link(root.Path, "usr/lib/sibling", "../share");
        Assert.Equal(root.Path + "/etc/shadow", RootedPath.Resolve(root.Path, "/usr/lib/up/shadow", followFinalSymlink: true));
        Assert.Equal(root.Path + "/usr/share/doc", RootedPath.Resolve(root.Path, "/usr/lib/sibling/doc", followFinalSymlink: true));
    }

    [Fact]
    public void Chains_of_links_are_followed_and_the_final_one_only_when_asked()
    {
        using var root = new TempDirectory("kiln-rooted");
        Dir(root.Path, "real");
        Link(root.Path, "one", "two");
        Link(root.Path, "two", "/real");
        Assert.Equal(root.Path + "/real/f", RootedPath.Resolve(root.Path, "/one/f", followFinalSymlink: true));
        Assert.Equal(root.Path + "/real", RootedPath.Resolve(root.Path, "/one", followFinalSymlink: true));
        Assert.Equal(root.Path + "/one", RootedPath.Resolve(root.Path, "/one", followFinalSymlink: false));
    }

    [Fact]
    public void Missing_components_are_kept_as_written()
    {
        using var root = new TempDirectory("kiln-rooted");
        Link(root.Path, "dangling", "/nowhere/deep");
        Assert.Equal(root.Path + "/new/dir/file", RootedPath.Resolve(root.Path, "/new/dir/file", followFinalSymlink: true));
        Assert.Equal(root.Path + "/nowhere/deep/x", RootedPath.Resolve(root.Path, "/dangling/x", followFinalSymlink: true));
    }

    [Fact]
    public void A_symlink_loop_fails_with_a_clear_error()
    {
        using var root = new TempDirectory("kiln-rooted");
        Link(root.Path, "a", "b");
        Link(root.Path, "b", "/a");
        var error = Assert.Throws<FileOperationException>(() => RootedPath.Resolve(root.Path, "/a/x", followFinalSymlink: true));
        Assert.Contains("too many levels of symbolic links", error.Message, StringComparison.Ordinal);
        Assert.Contains("/a/x", error.Message, StringComparison.Ordinal);
    }
}
