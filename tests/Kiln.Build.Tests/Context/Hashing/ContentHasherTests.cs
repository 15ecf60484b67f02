using System.Runtime.Versioning;
using Kiln.Build.Context;
using Kiln.Build.Context.Hashing;
using Kiln.Testing;

namespace Kiln.Build.Tests.Context.Hashing;

/// <summary>ARCHITECTURE decision 1 / DF-COPY-CACHE: what changes a content digest and what must not.</summary>
[SupportedOSPlatform("linux")]
public sealed class ContentHasherTests
{
    private static readonly DateTime Past = new(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Fact]
    public void Touching_mtime_and_atime_does_not_change_file_or_selection_digest()
    {
        using var dir = new TempDirectory("kiln-hash");
        var file = dir.WriteFile("src/app.txt", "hello");
        var hasher = new ContentHasher();
        var fileBefore = hasher.HashPath(file);
        var rootBefore = hasher.HashSelection(dir.Path, null).Root;

        File.SetLastWriteTimeUtc(file, Past);
        File.SetLastAccessTimeUtc(file, Past);
        Directory.SetLastWriteTimeUtc(Path.Combine(dir.Path, "src"), Past);

        Assert.Equal(fileBefore, hasher.HashPath(file));
        Assert.Equal(rootBefore, hasher.HashSelection(dir.Path, null).Root);
    }

    [Fact]
    public void Content_change_changes_the_digest()
    {
        using var dir = new TempDirectory("kiln-hash");
        var file = dir.WriteFile("a", "one");
        var hasher = new ContentHasher();
        var before = hasher.HashPath(file);
        File.WriteAllText(file, "two");
        Assert.NotEqual(before, hasher.HashPath(file));
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.SetUser)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.SetGroup)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.StickyBit)]
    public void Every_mode_bit_change_changes_the_digest(UnixFileMode mode)
    {
        using var dir = new TempDirectory("kiln-hash");
        var file = dir.WriteFile("a", "same");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var hasher = new ContentHasher();
        var before = hasher.HashPath(file);
        File.SetUnixFileMode(file, mode);
        Assert.NotEqual(before, hasher.HashPath(file));
    }

    [Fact]
    public void Uid_and_gid_changes_change_the_digest()
    {
        using var dir = new TempDirectory("kiln-hash");
        var file = dir.WriteFile("a", "same");
        TestNative.LChown(file, 0, 0);
        var hasher = new ContentHasher();
        var root = hasher.HashPath(file);

        TestNative.LChown(file, 1000, 0);
        var uid = hasher.HashPath(file);
        TestNative.LChown(file, 0, 1000);
        var gid = hasher.HashPath(file);
        TestNative.LChown(file, 0, 0);

        Assert.Equal([root, uid, gid], new[] { root, uid, gid }.Distinct());
        Assert.Equal(root, hasher.HashPath(file));
    }

    [Fact]
    public void Xattrs_count_with_binary_values_and_selinux_labels_are_ignored_by_default()
    {
        using var dir = new TempDirectory("kiln-hash");
        var file = dir.WriteFile("a", "same");
        var hasher = new ContentHasher();
        var plain = hasher.HashPath(file);

        TestNative.LSetXattr(file, "user.kiln", [0, 1, 2, 0]);
        var withXattr = hasher.HashPath(file);
        TestNative.LSetXattr(file, "user.kiln", [0, 1, 2, 1]);
        var otherValue = hasher.HashPath(file);
        Assert.Equal(3, new[] { plain, withXattr, otherValue }.Distinct().Count());

        var fs = new LinuxContextFileSystem();
        var read = Assert.Single(fs.ListExtendedAttributes(file), x => x.Name == "user.kiln");
        Assert.Equal(new byte[] { 0, 1, 2, 1 }, read.Value);

        var ignoring = new ContentHasher(options: new ContentHashOptions { IgnoredExtendedAttributes = new HashSet<string> { "user.kiln" } });
        Assert.Equal(plain, ignoring.HashPath(file));
    }

    [Fact]
    public void Xattr_order_of_creation_does_not_matter()
    {
        using var dir = new TempDirectory("kiln-hash");
        var a = dir.WriteFile("a", "same");
        var b = dir.WriteFile("b", "same");
        TestNative.LSetXattr(a, "user.one", "1");
        TestNative.LSetXattr(a, "user.two", "2");
        TestNative.LSetXattr(b, "user.two", "2");
        TestNative.LSetXattr(b, "user.one", "1");
        var hasher = new ContentHasher();
        Assert.Equal(hasher.HashPath(a), hasher.HashPath(b));
    }

    [Fact]
    public void Symlinks_are_hashed_as_links_not_followed()
    {
        using var dir = new TempDirectory("kiln-hash");
        var target = dir.WriteFile("target.txt", "v1");
        dir.WriteFile("other.txt", "v1");
        var link = Path.Combine(dir.Path, "link");
        File.CreateSymbolicLink(link, "target.txt");
        var hasher = new ContentHasher();
        var before = hasher.HashPath(link);
        Assert.NotEqual(hasher.HashPath(target), before);

        File.WriteAllText(target, "v2 changed");
        Assert.Equal(before, hasher.HashPath(link));

        File.Delete(link);
        File.CreateSymbolicLink(link, "other.txt");
        Assert.NotEqual(before, hasher.HashPath(link));
    }

    [Fact]
    public void Directory_digest_does_not_depend_on_creation_order()
    {
        using var one = new TempDirectory("kiln-hash");
        using var two = new TempDirectory("kiln-hash");
        string[] names = ["b/z.txt", "a.txt", "b/y.txt", "c/d/e.txt", "B.txt", "é.txt"];
        foreach (var name in names)
        {
            one.WriteFile(name, name);
        }

        foreach (var name in names.Reverse())
        {
            two.WriteFile(name, name);
        }

        var hasher = new ContentHasher();
        var first = hasher.HashSelection(one.Path, null);
        var second = hasher.HashSelection(two.Path, null);
        Assert.Equal(first.Root, second.Root);
        Assert.Equal(first.Paths.OrderBy(p => p.Key, StringComparer.Ordinal), second.Paths.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(first.Root, hasher.HashPath(one.Path));

        File.Move(Path.Combine(two.Path, "a.txt"), Path.Combine(two.Path, "a2.txt"));
        Assert.NotEqual(first.Root, hasher.HashSelection(two.Path, null).Root);
    }

    [Fact]
    public void Empty_directories_and_directory_modes_are_part_of_the_digest()
    {
        using var dir = new TempDirectory("kiln-hash");
        dir.WriteFile("f", "x");
        var hasher = new ContentHasher();
        var before = hasher.HashSelection(dir.Path, null).Root;
        var empty = Path.Combine(dir.Path, "empty");
        Directory.CreateDirectory(empty);
        var withEmpty = hasher.HashSelection(dir.Path, null);
        Assert.NotEqual(before, withEmpty.Root);
        File.SetUnixFileMode(empty, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Assert.NotEqual(withEmpty.Root, hasher.HashSelection(dir.Path, null).Root);
    }

    [Fact]
    public void Ignore_excluded_files_do_not_affect_the_selection_digest()
    {
        using var dir = new TempDirectory("kiln-hash");
        dir.WriteFile(".dockerignore", "*.log\nbuild\n");
        dir.WriteFile("app.py", "print(1)");
        dir.WriteFile("debug.log", "noise");
        dir.WriteFile("build/out.bin", "artifact");
        var ignore = IgnoreFileLocator.Locate(dir.Path, null)!.ToFilter();
        var hasher = new ContentHasher();
        var before = hasher.HashSelection(dir.Path, [ignore]);
        Assert.Null(before.Find("debug.log"));
        Assert.Null(before.Find("build"));
        Assert.NotNull(before.Find("app.py"));

        File.WriteAllText(Path.Combine(dir.Path, "debug.log"), "more noise, different size");
        dir.WriteFile("new.log", "x");
        dir.WriteFile("build/more.bin", "x");
        File.SetUnixFileMode(Path.Combine(dir.Path, "build"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Assert.Equal(before.Root, hasher.HashSelection(dir.Path, [ignore]).Root);

        File.WriteAllText(Path.Combine(dir.Path, "app.py"), "print(2)");
        Assert.NotEqual(before.Root, hasher.HashSelection(dir.Path, [ignore]).Root);
    }

    [Fact]
    public void Include_patterns_limit_the_selection_and_walk()
    {
        using var dir = new TempDirectory("kiln-hash");
        dir.WriteFile("src/main.go", "package main");
        dir.WriteFile("src/util/u.go", "package util");
        dir.WriteFile("docs/readme.md", "docs");
        var fs = new CountingFileSystem();
        var hasher = new ContentHasher(fs);
        var include = ContextFilter.Create(["src"], null);
        var selection = hasher.HashSelection(dir.Path, [include]);

        Assert.Equal([".", "src", "src/main.go", "src/util", "src/util/u.go"], selection.Paths.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, selection.FileCount);
        Assert.Equal(2, fs.Opens);
        Assert.Equal(hasher.HashPath(Path.Combine(dir.Path, "src/main.go")), selection.Find("src/main.go"));
        Assert.Equal(hasher.HashPath(Path.Combine(dir.Path, "src")), selection.Find("src"));

        File.WriteAllText(Path.Combine(dir.Path, "docs/readme.md"), "changed docs");
        Assert.Equal(selection.Root, hasher.HashSelection(dir.Path, [include]).Root);
    }

    [Fact]
    public void Fifos_are_hashed_without_being_opened()
    {
        using var dir = new TempDirectory("kiln-hash");
        var fifo = Path.Combine(dir.Path, "pipe");
        using (var mk = System.Diagnostics.Process.Start("mkfifo", [fifo]))
        {
            mk.WaitForExit();
            Assert.Equal(0, mk.ExitCode);
        }

        var fs = new CountingFileSystem();
        var hasher = new ContentHasher(fs);
        var selection = hasher.HashSelection(dir.Path, null);
        Assert.Equal(0, fs.Opens);
        Assert.NotNull(selection.Find("pipe"));
        Assert.Equal(FileNodeKind.Fifo, fs.LStat(fifo)!.Value.Kind);
    }

    [Fact]
    public void Digests_start_with_the_schema_tag_so_they_differ_from_plain_content_hashes()
    {
        using var dir = new TempDirectory("kiln-hash");
        var file = dir.WriteFile("a", "abc");
        var hasher = new ContentHasher();
        var content = hasher.HashContent(file);
        Assert.Equal("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", content.ToString());
        Assert.NotEqual(content, hasher.HashPath(file));
        Assert.Equal("kiln-content-v1", ContentHasher.SchemaTag);
    }
}
