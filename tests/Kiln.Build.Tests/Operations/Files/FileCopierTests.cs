using Kiln.Build.Operations.Files;
using Kiln.Linux;
using Kiln.Testing;
using static Kiln.Build.Tests.Operations.Files.TestTree;

namespace Kiln.Build.Tests.Operations.Files;

/// <summary>
/// COPY's filesystem rules on real trees, each checked against what the real BuildKit (dockerd 20.10)
/// produced for the same layout (see docs/copy-semantics.md).
/// </summary>
public sealed class FileCopierTests : IDisposable
{
    private readonly TempDirectory source = new("kiln-copy-src");
    private readonly TempDirectory target = new("kiln-copy-dst");
    private readonly FileCopier copier = new();

    public void Dispose()
    {
        source.Dispose();
        target.Dispose();
    }

    [Fact]
    public void A_file_goes_onto_a_new_path_into_a_trailing_slash_and_into_an_existing_directory()
    {
        File(source.Path, "f1", "hello", "640");
        Dir(target.Path, "existing", "700");

        Copy(["f1"], "/plain");
        Copy(["f1"], "/a/b/c/");
        Copy(["f1"], "/existing");

        Assert.Equal("hello", Read(target.Path, "plain"));
        Assert.Equal("hello", Read(target.Path, "a/b/c/f1"));
        Assert.Equal("hello", Read(target.Path, "existing/f1"));
        Assert.Equal(O("640"), Stat(target.Path, "plain").Mode);
        Assert.Equal(O("700"), Stat(target.Path, "existing").Mode); // an existing destination keeps its metadata
    }

    [Fact]
    public void Created_parents_are_0755_and_owned_by_the_chown_owner_or_root()
    {
        File(source.Path, "f1", "x", "600");
        Copy(["f1"], "/a/b/c/", chown: new Ownership(1001, 1002));
        Copy(["f1"], "/plain/deep/");

        foreach (var dir in new[] { "a", "a/b", "a/b/c" })
        {
            var status = Stat(target.Path, dir);
            Assert.Equal((O("755"), 1001u, 1002u), (status.Mode, status.Uid, status.Gid));
        }

        Assert.Equal((1001u, 1002u), (Stat(target.Path, "a/b/c/f1").Uid, Stat(target.Path, "a/b/c/f1").Gid));
        Assert.Equal((O("755"), 0u, 0u), (Stat(target.Path, "plain/deep").Mode, Stat(target.Path, "plain/deep").Uid, Stat(target.Path, "plain/deep").Gid));
    }

    [Fact]
    public void A_directory_copies_its_content_and_the_created_destination_gets_0755_not_the_source_mode()
    {
        Dir(source.Path, "d", "711");
        File(source.Path, "d/sub/x", "x");
        Fs.Chmod(Path.Combine(source.Path, "d/sub"), O("711"));

        Copy(["d"], "/chowned/", chown: new Ownership(7, 8));
        Copy(["d"], "/nodest");

        Assert.False(Directory.Exists(Path.Combine(target.Path, "chowned/d")));
        Assert.Equal("x", Read(target.Path, "chowned/sub/x"));
        var dest = Stat(target.Path, "chowned");
        Assert.Equal((O("755"), 7u, 8u), (dest.Mode, dest.Uid, dest.Gid));
        Assert.Equal(O("711"), Stat(target.Path, "chowned/sub").Mode);
        Assert.Equal(O("755"), Stat(target.Path, "nodest").Mode);
        Assert.Equal("x", Read(target.Path, "nodest/sub/x"));
    }

    [Fact]
    public void An_existing_destination_directory_is_merged_into_and_keeps_its_owner_and_mode_but_nested_ones_take_the_sources()
    {
        File(source.Path, "d/new", "new");
        Dir(source.Path, "d/sub", "755");
        Fs.LChown(Path.Combine(source.Path, "d/sub"), 1, 1);
        File(source.Path, "d/sub/inner", "inner");
        Dir(target.Path, "existing", "700");
        Fs.LChown(Path.Combine(target.Path, "existing"), 5, 5);
        File(target.Path, "existing/keep", "keep");
        Dir(target.Path, "existing/sub", "700");
        Fs.LChown(Path.Combine(target.Path, "existing/sub"), 5, 5);

        Copy(["d"], "/existing/", preserveOwnership: true);

        var top = Stat(target.Path, "existing");
        Assert.Equal((O("700"), 5u, 5u), (top.Mode, top.Uid, top.Gid));
        Assert.Equal("keep", Read(target.Path, "existing/keep"));
        Assert.Equal("new", Read(target.Path, "existing/new"));
        var sub = Stat(target.Path, "existing/sub");
        Assert.Equal((O("755"), 1u, 1u), (sub.Mode, sub.Uid, sub.Gid));
    }

    [Fact]
    public void A_directory_onto_an_existing_file_fails_like_buildkit()
    {
        Dir(source.Path, "d");
        File(target.Path, "existingfile", "old");
        var error = Assert.Throws<FileOperationException>(() => Copy(["d"], "/existingfile"));
        Assert.StartsWith("cannot copy to non-directory: /existingfile", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(target.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_onto_an_existing_nested_directory_fails_like_buildkit()
    {
        File(source.Path, "m/e", "file");
        Dir(target.Path, "m/e/inner");
        var error = Assert.Throws<FileOperationException>(() => Copy(["m"], "/m/"));
        Assert.StartsWith("cannot replace to directory /m/e with file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_onto_an_existing_file_replaces_it()
    {
        File(source.Path, "f1", "new", "640");
        File(target.Path, "existingfile", "old content", "777");
        Copy(["f1"], "/existingfile");
        Assert.Equal("new", Read(target.Path, "existingfile"));
        Assert.Equal(O("640"), Stat(target.Path, "existingfile").Mode);
    }

    [Fact]
    public void Several_sources_onto_a_file_path_are_copied_in_order_and_the_last_wins_as_buildkit_does()
    {
        // The classic builder refused this; BuildKit (dockerd 20.10 and current) writes each in turn.
        File(source.Path, "f1", "one");
        File(source.Path, "f2", "two");
        Copy(["f1", "f2"], "/x");
        Assert.Equal("two", Read(target.Path, "x"));
    }

    [Fact]
    public void Several_sources_into_a_directory_merge()
    {
        File(source.Path, "f1", "one");
        File(source.Path, "d/inner", "inner");
        Copy(["f1", "d"], "/x/");
        Assert.Equal("one", Read(target.Path, "x/f1"));
        Assert.Equal("inner", Read(target.Path, "x/inner"));
    }

    [Fact]
    public void Relative_destinations_use_the_working_directory_and_dot_is_a_directory()
    {
        File(source.Path, "f1", "one");
        var result = copier.Copy(Request(["f1"], ".") with { WorkingDirectory = "/work/dir" }, CancellationToken.None);
        copier.Copy(Request(["f1"], "sub/../renamed") with { WorkingDirectory = "/work" }, CancellationToken.None);
        Assert.Equal("one", Read(target.Path, "work/dir/f1"));
        Assert.Equal("one", Read(target.Path, "work/renamed"));
        Assert.Equal(1, result.Files);
    }

    [Fact]
    public void The_top_level_source_symlink_is_followed_inside_its_root()
    {
        File(source.Path, "real/f", "real file");
        File(source.Path, "dir/inner", "inner");
        Link(source.Path, "tofile", "real/f");
        Link(source.Path, "todir", "/dir"); // absolute: the source root, not the host's /dir
        Copy(["tofile", "todir"], "/tops/");
        Assert.Equal(FileKind.Regular, Stat(target.Path, "tops/tofile").Kind);
        Assert.Equal("real file", Read(target.Path, "tops/tofile"));
        Assert.Equal("inner", Read(target.Path, "tops/inner"));
    }

    [Fact]
    public void A_source_symlink_pointing_outside_its_root_resolves_inside_it()
    {
        Link(source.Path, "evil", "/etc/passwd");
        Link(source.Path, "evil2", "../../../../../../etc/hostname");
        var error = Assert.Throws<FileOperationException>(() => Copy(["evil"], "/x"));
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
        Assert.Throws<FileOperationException>(() => Copy(["evil2"], "/x"));

        File(source.Path, "etc/passwd", "the root's own passwd");
        Copy(["evil"], "/x");
        Assert.Equal("the root's own passwd", Read(target.Path, "x"));
    }

    [Fact]
    public void Dot_dot_in_a_source_path_stays_inside_the_root()
    {
        File(source.Path, "etc/hostname", "inside");
        Copy(["../../../../etc/hostname"], "/out");
        Assert.Equal("inside", Read(target.Path, "out"));
    }

    [Fact]
    public void Nested_symlinks_are_copied_as_symlinks_verbatim()
    {
        File(source.Path, "d/sub/x", "x");
        Link(source.Path, "d/rel", "sub/x");
        Link(source.Path, "d/abs", "/etc/passwd");
        Link(source.Path, "d/dangling", "../../nowhere");
        Copy(["d"], "/out/");
        Assert.Equal("sub/x", Fs.ReadLink(Path.Combine(target.Path, "out/rel")));
        Assert.Equal("/etc/passwd", Fs.ReadLink(Path.Combine(target.Path, "out/abs")));
        Assert.Equal("../../nowhere", Fs.ReadLink(Path.Combine(target.Path, "out/dangling")));
        Assert.Equal(FileKind.Symlink, Stat(target.Path, "out/abs").Kind);
    }

    [Fact]
    public void Destination_symlinks_resolve_inside_the_target_root_and_never_touch_the_host()
    {
        File(source.Path, "f1", "payload");
        Dir(target.Path, "etc");
        Link(target.Path, "link", "/etc");
        Link(target.Path, "deep/rellink", "../../../../../etc");
        var hostPasswd = System.IO.File.ReadAllText("/etc/passwd");

        Copy(["f1"], "/link/viasym");
        Copy(["f1"], "/deep/rellink/viarel");
        Copy(["f1"], "/link/");

        Assert.Equal("payload", Read(target.Path, "etc/viasym"));
        Assert.Equal("payload", Read(target.Path, "etc/viarel"));
        Assert.Equal("payload", Read(target.Path, "etc/f1"));
        Assert.False(System.IO.File.Exists("/etc/viasym"));
        Assert.Equal(hostPasswd, System.IO.File.ReadAllText("/etc/passwd"));
        Assert.Equal(FileKind.Symlink, Stat(target.Path, "link").Kind);
    }

    [Fact]
    public void A_top_level_destination_symlink_is_written_through_inside_the_root_unless_not_following()
    {
        File(source.Path, "one", "new group file");
        File(target.Path, "etc/group", "old");
        Link(target.Path, "toplinkfile", "/etc/group");
        Link(target.Path, "linkd", "/etc/group");

        Copy(["one"], "/toplinkfile");
        copier.Copy(Request(["one"], "/linkd") with { FollowDestinationSymlinks = false }, CancellationToken.None);

        Assert.Equal(FileKind.Symlink, Stat(target.Path, "toplinkfile").Kind);
        Assert.Equal("new group file", Read(target.Path, "etc/group"));
        Assert.Equal(FileKind.Regular, Stat(target.Path, "linkd").Kind);
    }

    [Fact]
    public void Nested_destination_symlinks_are_replaced_not_followed()
    {
        File(source.Path, "m/s", "s");
        Link(source.Path, "m/ll", "ltarget");
        File(target.Path, "etc/passwd", "root's passwd");
        Link(target.Path, "m/s", "/etc/passwd");
        Link(target.Path, "m/ll", "/etc/shadowx");
        Copy(["m"], "/m/");
        Assert.Equal(FileKind.Regular, Stat(target.Path, "m/s").Kind);
        Assert.Equal("s", Read(target.Path, "m/s"));
        Assert.Equal("root's passwd", Read(target.Path, "etc/passwd"));
        Assert.Equal("ltarget", Fs.ReadLink(Path.Combine(target.Path, "m/ll")));
    }

    [Fact]
    public void A_source_directory_onto_a_nested_destination_symlink_fails()
    {
        File(source.Path, "m/dd/y", "y");
        Dir(target.Path, "etc");
        Link(target.Path, "m/dd", "/etc");
        var error = Assert.Throws<FileOperationException>(() => Copy(["m"], "/m/"));
        Assert.StartsWith("cannot copy to non-directory: /m/dd", error.Message, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(Path.Combine(target.Path, "etc/y")));
    }

    [Fact]
    public void Times_are_kept_with_nanoseconds_and_directories_get_theirs_after_their_content()
    {
        var file = File(source.Path, "d/sub/f", "x");
        var sub = Path.Combine(source.Path, "d/sub");
        var fileTime = new UnixTimestamp(981173106, 123456789);
        var dirTime = new UnixTimestamp(1000000000, 5);
        Fs.SetTimes(file, fileTime, new UnixTimestamp(981173000, 1));
        Fs.SetTimes(sub, dirTime);
        Link(source.Path, "d/l", "sub/f");
        Fs.SetTimes(Path.Combine(source.Path, "d/l"), new UnixTimestamp(5, 6));

        Copy(["d"], "/out/");

        Assert.Equal(fileTime, Stat(target.Path, "out/sub/f").ModificationTime);
        Assert.Equal(new UnixTimestamp(981173000, 1), Stat(target.Path, "out/sub/f").AccessTime);
        Assert.Equal(dirTime, Stat(target.Path, "out/sub").ModificationTime);
        Assert.Equal(new UnixTimestamp(5, 6), Stat(target.Path, "out/l").ModificationTime);
    }

    [Fact]
    public void Xattrs_are_copied_except_host_security_labels_and_overlay_internals()
    {
        var file = File(source.Path, "f", "x");
        var capability = new byte[] { 1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
        Fs.SetXattr(file, "user.foo", "bar"u8);
        Fs.SetXattr(file, "user.binary", new byte[] { 0, 255, 0 });
        Fs.SetXattr(file, "security.capability", capability);
        Fs.SetXattr(file, "trusted.overlay.opaque", "y"u8);
        Fs.SetXattr(file, "trusted.kiln", "t"u8);

        Copy(["f"], "/out", chown: new Ownership(5, 5));

        var copied = Fs.GetXattrs(Path.Combine(target.Path, "out"));
        Assert.Equal("bar"u8.ToArray(), copied["user.foo"]);
        Assert.Equal(new byte[] { 0, 255, 0 }, copied["user.binary"]);
        Assert.Equal(capability, copied["security.capability"]); // survives the chown, as on dockerd
        Assert.Equal("t"u8.ToArray(), copied["trusted.kiln"]);
        Assert.False(copied.ContainsKey("trusted.overlay.opaque"));
    }

    [Fact]
    public void Hardlinks_inside_one_source_stay_hardlinks()
    {
        var first = File(source.Path, "d/hard", "shared");
        Directory.CreateDirectory(Path.Combine(source.Path, "d/sub"));
        Fs.CreateHardLink(first, Path.Combine(source.Path, "d/sub/x"));

        var result = Copy(["d"], "/out/");

        var a = Stat(target.Path, "out/hard");
        var b = Stat(target.Path, "out/sub/x");
        Assert.Equal(a.Identity, b.Identity);
        Assert.Equal(2u, a.LinkCount);
        Assert.NotEqual(Stat(source.Path, "d/hard").Identity, a.Identity);
        Assert.Equal((2L, 1L, 6L), (result.Files, result.HardLinks, result.Bytes));
    }

    [Fact]
    public void Device_nodes_and_fifos_are_recreated()
    {
        Dir(source.Path, "dev");
        Fs.MakeNode(Path.Combine(source.Path, "dev/null"), FileKind.CharacterDevice, O("666"), 1, 3);
        Fs.MakeNode(Path.Combine(source.Path, "dev/loop9"), FileKind.BlockDevice, O("660"), 7, 9);
        Fs.MakeNode(Path.Combine(source.Path, "dev/fifo"), FileKind.Fifo, O("640"));
        Fs.LChown(Path.Combine(source.Path, "dev/fifo"), 3, 4);
        Fs.Chmod(Path.Combine(source.Path, "dev/null"), O("666"));

        var result = Copy(["dev"], "/dev/", preserveOwnership: true);

        var null_ = Stat(target.Path, "dev/null");
        Assert.Equal((FileKind.CharacterDevice, 1u, 3u, O("666")), (null_.Kind, null_.RDevMajor, null_.RDevMinor, null_.Mode));
        var loop = Stat(target.Path, "dev/loop9");
        Assert.Equal((FileKind.BlockDevice, 7u, 9u), (loop.Kind, loop.RDevMajor, loop.RDevMinor));
        var fifo = Stat(target.Path, "dev/fifo");
        Assert.Equal((FileKind.Fifo, O("640"), 3u, 4u), (fifo.Kind, fifo.Mode, fifo.Uid, fifo.Gid));
        Assert.Equal(3, result.SpecialFiles);
    }

    [Fact]
    public void Unix_sockets_are_skipped_and_counted()
    {
        File(source.Path, "run/keep", "k");
        // Kept open: .NET removes the socket file when the bound socket is disposed.
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(Path.Combine(source.Path, "run/s.sock")));

        Assert.Equal(FileKind.Socket, Stat(source.Path, "run/s.sock").Kind);
        var result = Copy(["run"], "/run/");
        Assert.Equal((1L, 1L), (result.Files, result.SkippedSockets));
        Assert.False(Path.Exists(Path.Combine(target.Path, "run/s.sock")));
    }

    [Fact]
    public void Ownership_is_root_for_context_copies_preserved_from_stages_and_chown_wins()
    {
        var file = File(source.Path, "d/f", "x");
        Fs.LChown(file, 1234, 5678);
        var link = Link(source.Path, "d/l", "f");
        Fs.LChown(link, 77, 77);
        Fs.LChown(Path.Combine(source.Path, "d"), 1234, 5678);

        Copy(["d"], "/ctx/");
        Copy(["d"], "/stage/", preserveOwnership: true);
        Copy(["d"], "/chown/", preserveOwnership: true, chown: new Ownership(9, 10));

        Assert.Equal((0u, 0u), (Stat(target.Path, "ctx/f").Uid, Stat(target.Path, "ctx/f").Gid));
        Assert.Equal((0u, 0u), (Stat(target.Path, "ctx/l").Uid, Stat(target.Path, "ctx/l").Gid));
        Assert.Equal((1234u, 5678u), (Stat(target.Path, "stage/f").Uid, Stat(target.Path, "stage/f").Gid));
        Assert.Equal((77u, 77u), (Stat(target.Path, "stage/l").Uid, Stat(target.Path, "stage/l").Gid));
        Assert.Equal((0u, 0u), (Stat(target.Path, "stage").Uid, Stat(target.Path, "stage").Gid)); // created destination
        Assert.Equal((9u, 10u), (Stat(target.Path, "chown/f").Uid, Stat(target.Path, "chown/f").Gid));
        Assert.Equal((9u, 10u), (Stat(target.Path, "chown/l").Uid, Stat(target.Path, "chown/l").Gid));
    }

    [Fact]
    public void Octal_chmod_applies_to_files_and_nested_directories_not_to_created_destinations()
    {
        File(source.Path, "d/hard", "x", "644");
        Dir(source.Path, "d/sub", "711");
        File(source.Path, "d/sub/x", "x", "4755");
        Link(source.Path, "d/lnk", "hard");

        Copy(["d"], "/chmodded/", chmod: ChmodSpec.Parse("700"));
        Copy(["d/hard"], "/new/parent/file", chmod: ChmodSpec.Parse("4755"));

        Assert.Equal(O("755"), Stat(target.Path, "chmodded").Mode);
        Assert.Equal(O("700"), Stat(target.Path, "chmodded/hard").Mode);
        Assert.Equal(O("700"), Stat(target.Path, "chmodded/sub").Mode);
        Assert.Equal(O("700"), Stat(target.Path, "chmodded/sub/x").Mode); // all twelve bits replaced
        Assert.Equal(FileKind.Symlink, Stat(target.Path, "chmodded/lnk").Kind);
        Assert.Equal(O("4755"), Stat(target.Path, "new/parent/file").Mode);
        Assert.Equal(O("755"), Stat(target.Path, "new/parent").Mode);
    }

    [Fact]
    public void Symbolic_chmod_uses_each_entrys_own_mode_and_kind()
    {
        File(source.Path, "d/plain", "x", "600");
        File(source.Path, "d/tool", "x", "700");
        Dir(source.Path, "d/sub", "500");

        Copy(["d"], "/out/", chmod: ChmodSpec.Parse("u=rwX,go=rX"));

        Assert.Equal(O("644"), Stat(target.Path, "out/plain").Mode);
        Assert.Equal(O("755"), Stat(target.Path, "out/tool").Mode);
        Assert.Equal(O("755"), Stat(target.Path, "out/sub").Mode);
    }

    [Fact]
    public void Exclude_patterns_match_paths_relative_to_each_source_with_dockerignore_rules()
    {
        File(source.Path, "dir1/a.1", "a1");
        File(source.Path, "dir1/a.2", "a2");
        File(source.Path, "dir1/dir2/a.1", "nested");
        File(source.Path, "dir1/dir2/a.2", "nested2");
        File(source.Path, "dir1/skip/inside", "gone");

        Copy(["dir1"], "/one/", exclude: ["*.1", "skip"]);
        Copy(["dir1"], "/all/", exclude: ["**/*.1"]);

        Assert.False(System.IO.File.Exists(Path.Combine(target.Path, "one/a.1")));
        Assert.True(System.IO.File.Exists(Path.Combine(target.Path, "one/a.2")));
        Assert.True(System.IO.File.Exists(Path.Combine(target.Path, "one/dir2/a.1"))); // as buildkit#5509: use **/
        Assert.False(Directory.Exists(Path.Combine(target.Path, "one/skip")));
        Assert.False(System.IO.File.Exists(Path.Combine(target.Path, "all/dir2/a.1")));
        Assert.True(System.IO.File.Exists(Path.Combine(target.Path, "all/dir2/a.2")));
    }

    [Fact]
    public void An_excluded_directory_is_created_on_demand_when_an_exception_reincludes_something_below()
    {
        Dir(source.Path, "d/logs", "750");
        File(source.Path, "d/logs/keep.log", "keep");
        File(source.Path, "d/logs/drop.log", "drop");
        Dir(source.Path, "d/cache", "700");
        File(source.Path, "d/cache/blob", "blob");

        Copy(["d"], "/out/", exclude: ["logs", "cache", "!logs/keep.log"]);

        Assert.Equal("keep", Read(target.Path, "out/logs/keep.log"));
        Assert.False(System.IO.File.Exists(Path.Combine(target.Path, "out/logs/drop.log")));
        Assert.Equal(O("750"), Stat(target.Path, "out/logs").Mode);
        Assert.False(Directory.Exists(Path.Combine(target.Path, "out/cache")));
    }

    [Fact]
    public void An_invalid_exclude_pattern_is_reported()
    {
        File(source.Path, "f", "x");
        var error = Assert.Throws<FileOperationException>(() => Copy(["f"], "/x", exclude: ["!"]));
        Assert.Contains("--exclude", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parents_recreate_the_path_after_the_pivot_with_the_source_directories_metadata()
    {
        Dir(source.Path, "a/b", "750");
        Fs.LChown(Path.Combine(source.Path, "a/b"), 3, 3);
        File(source.Path, "a/b/c.txt", "c");
        Link(source.Path, "a/b/link", "c.txt");

        copier.Copy(
            new CopyRequest
            {
                Sources = [new CopySourceItem(source.Path, "a/b/c.txt", false, "b/c.txt"), new CopySourceItem(source.Path, "a/b/link", true, "b/link")],
                TargetRoot = target.Path,
                Destination = "/dst/",
                PreserveOwnership = true,
            },
            CancellationToken.None);

        Assert.Equal("c", Read(target.Path, "dst/b/c.txt"));
        var b = Stat(target.Path, "dst/b");
        Assert.Equal((O("750"), 3u, 3u), (b.Mode, b.Uid, b.Gid));
        Assert.Equal("c.txt", Fs.ReadLink(Path.Combine(target.Path, "dst/b/link"))); // the match itself is not followed
        Assert.False(Directory.Exists(Path.Combine(target.Path, "dst/a")));
    }

    [Fact]
    public void Parents_with_an_excluded_match_leave_no_empty_parent_behind()
    {
        File(source.Path, "x/y/z.txt", "z");
        copier.Copy(
            Request([], "/dst/") with
            {
                Sources = [new CopySourceItem(source.Path, "x/y/z.txt", true, "x/y/z.txt")],
                Exclude = ["**/*.txt"],
            },
            CancellationToken.None);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(target.Path, "dst")));
    }

    [Fact]
    public void Cancellation_stops_between_entries()
    {
        File(source.Path, "f", "x");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => copier.Copy(Request(["f"], "/x"), cancelled.Token));
        Assert.False(System.IO.File.Exists(Path.Combine(target.Path, "x")));
    }

    [Fact]
    public void A_missing_source_is_reported()
    {
        var error = Assert.Throws<FileOperationException>(() => Copy(["nope"], "/x"));
        Assert.Contains("\"/nope\" not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_result_counts_what_was_written()
    {
        File(source.Path, "d/a", "12345");
        File(source.Path, "d/s/b", "123");
        Link(source.Path, "d/l", "a");
        var result = Copy(["d"], "/out/");
        Assert.Equal(new CopyResult(Files: 2, Directories: 2, Symlinks: 1, SpecialFiles: 0, HardLinks: 0, Bytes: 8, SkippedSockets: 0), result);
    }

    private CopyResult Copy(
        string[] sources,
        string destination,
        Ownership? chown = null,
        bool preserveOwnership = false,
        ChmodSpec? chmod = null,
        string[]? exclude = null) =>
        copier.Copy(
            Request(sources, destination) with { Chown = chown, PreserveOwnership = preserveOwnership, Chmod = chmod, Exclude = exclude ?? [] },
            CancellationToken.None);

    private CopyRequest Request(string[] sources, string destination) => new()
    {
        Sources = [.. sources.Select(s => new CopySourceItem(source.Path, s))],
        TargetRoot = target.Path,
        Destination = destination,
    };
}
