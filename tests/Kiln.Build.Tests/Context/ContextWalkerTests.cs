using Kiln.Build.Context;
using Kiln.Testing;

namespace Kiln.Build.Tests.Context;

/// <summary>Own tests for the filtered context walker: BuildKit-level facts, symlinks, ordering, soundness.</summary>
public sealed class ContextWalkerTests
{
    [Fact]
    public void Dockerignore_that_ignores_itself_and_the_dockerfile_yields_only_bay_and_foo()
    {
        // README §4 testDockerignore: the image gets foo and bay only.
        using var dir = new TempDirectory("kiln-ctx");
        foreach (var name in new[] { "Dockerfile", "foo", "bar", "baz", "bay" })
        {
            dir.WriteFile(name, name == "Dockerfile" ? "FROM scratch\nCOPY . .\n" : name);
        }

        dir.WriteFile(".dockerignore", "ba*\nDockerfile\n!bay\n.dockerignore\n");
        var ignore = IgnoreFileLocator.Locate(dir.Path, Path.Combine(dir.Path, "Dockerfile"));
        Assert.NotNull(ignore);
        var walker = new ContextWalker(dir.Path, [ignore.ToFilter()]);

        Assert.Equal(["bay", "foo"], walker.Walk().Select(e => e.Path));
        Assert.False(walker.Exists("Dockerfile"));
        Assert.False(walker.Exists(".dockerignore"));
        Assert.Equal("excluded by .dockerignore line 1 (`ba*`)", walker.FindExclusion("baz")!.Value.Describe());
        Assert.Equal("excluded by .dockerignore line 2 (`Dockerfile`)", walker.FindExclusion("Dockerfile")!.Value.Describe());
        Assert.Null(walker.FindExclusion("bay"));
        Assert.Null(walker.FindExclusion("foo"));
        using var reader = new StreamReader(walker.OpenRead("bay"));
        Assert.Equal("bay", reader.ReadToEnd());
    }

    [Fact]
    public void Dockerignore_with_only_bang_fails_when_building_the_filter()
    {
        using var dir = new TempDirectory("kiln-ctx");
        dir.WriteFile(".dockerignore", "!\n");
        var ignore = IgnoreFileLocator.Locate(dir.Path, null)!;
        var error = Assert.Throws<IgnorePatternException>(ignore.ToFilter);
        Assert.Equal(".dockerignore", error.SourceFile);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Symlinks_are_reported_and_not_followed()
    {
        using var dir = new TempDirectory("kiln-ctx");
        dir.WriteFile("real/inner.txt", "x");
        File.CreateSymbolicLink(Path.Combine(dir.Path, "link"), "real");
        File.CreateSymbolicLink(Path.Combine(dir.Path, "dangling"), "nowhere/at/all");
        var walker = new ContextWalker(dir.Path);

        var entries = walker.Walk().ToList();
        Assert.Equal(["symlink dangling", "symlink link", "dir real", "file real/inner.txt"], entries.Select(e => e.ToString()));
        var link = entries[1];
        Assert.Equal(ContextEntryKind.Symlink, link.Kind);
        Assert.Equal("real", link.LinkTarget);
        Assert.Equal(4, link.Size);
        Assert.Equal("nowhere/at/all", entries[0].LinkTarget);

        Assert.True(walker.Exists("link"));
        Assert.False(walker.Exists("link/inner.txt"));
        Assert.Throws<FileNotFoundException>(() => walker.OpenRead("link"));
    }

    [Fact]
    public void Symlinks_are_matched_by_their_own_path()
    {
        using var dir = new TempDirectory("kiln-ctx");
        dir.WriteFile("real/inner.txt", "x");
        File.CreateSymbolicLink(Path.Combine(dir.Path, "link"), "real");
        var walker = new ContextWalker(dir.Path, [ContextFilter.Create(null, ["real"])]);
        Assert.Equal(["symlink link"], walker.Walk().Select(e => e.ToString()));
    }

    [Fact]
    public void Entries_carry_lstat_information_and_dotfiles_are_included()
    {
        using var dir = new TempDirectory("kiln-ctx");
        var file = dir.WriteFile(".hidden/data.bin", "12345");
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Kiln builds on Linux");
        }

        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var when = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(file, when);

        var entries = new ContextWalker(dir.Path).Walk().ToList();
        Assert.Equal(["dir .hidden", "file .hidden/data.bin"], entries.Select(e => e.ToString()));
        var data = entries[1];
        Assert.Equal(5, data.Size);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, data.Mode);
        Assert.Equal(when, data.ModifiedUtc);
        Assert.Equal(file, data.FullPath);
        Assert.Null(data.LinkTarget);
    }

    [Fact]
    public void A_directory_that_cannot_be_read_is_named_with_what_to_do()
    {
        using var dir = new TempDirectory("kiln-ctx");
        dir.WriteFile("secret/key", "k");
        dir.WriteFile("app.txt", "a");
        var secret = Path.Combine(dir.Path, "secret");

        // As root, permission bits do not stop reading; a directory replaced by a file between listing and
        // descent does, and a walk that excludes it never looks.
        var walker = new ContextWalker(dir.Path);
        using var entries = walker.Walk().GetEnumerator();
        Assert.True(entries.MoveNext());
        Assert.Equal("file app.txt", entries.Current.ToString());
        Assert.True(entries.MoveNext());
        Assert.Equal("dir secret", entries.Current.ToString());
        Directory.Delete(secret, recursive: true);
        var error = Assert.Throws<DirectoryNotFoundException>(() => entries.MoveNext());
        Assert.Contains(secret, error.Message, StringComparison.Ordinal);
        Assert.Equal(["file app.txt"], new ContextWalker(dir.Path, [ContextFilter.Create(null, ["secret"])]).Walk().Select(e => e.ToString()));
    }

    [Fact]
    public void Siblings_are_in_byte_order()
    {
        using var dir = new TempDirectory("kiln-ctx");
        string[] names = ["foo2", "Foo", "foo", "bar", "_x", "\uFF21", "\U0001F600", "a.b", "a-b", "a"];
        foreach (var name in names)
        {
            dir.WriteFile(name, string.Empty);
        }

        var expected = names.OrderBy(n => System.Text.Encoding.UTF8.GetBytes(n), Comparer<byte[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y))).ToArray();
        Assert.Equal(expected, new ContextWalker(dir.Path).Walk().Select(e => e.Path));
    }

    [Fact]
    public void Excluded_directories_without_possible_reincludes_are_not_read()
    {
        using var dir = new TempDirectory("kiln-ctx");
        dir.WriteFile("node_modules/x/y.js", string.Empty);
        dir.WriteFile("src/a.cs", string.Empty);
        var walker = new ContextWalker(dir.Path, [ContextFilter.Create(null, ["node_modules"])]);

        // Replace node_modules with an unreadable thing after the fact: a walk that descended would throw.
        Directory.Delete(Path.Combine(dir.Path, "node_modules"), recursive: true);
        File.CreateSymbolicLink(Path.Combine(dir.Path, "node_modules"), "/proc/self/fd/does-not-exist");
        Assert.Equal(["dir src", "file src/a.cs"], walker.Walk().Select(e => e.ToString()));
    }

    [Fact]
    public void Include_and_exclude_in_one_layer()
    {
        using var dir = new TempDirectory("kiln-ctx");
        dir.WriteFile("app/main.go", string.Empty);
        dir.WriteFile("app/main_test.go", string.Empty);
        dir.WriteFile("app/README.md", string.Empty);
        dir.WriteFile("other/x.go", string.Empty);
        var walker = new ContextWalker(dir.Path, [ContextFilter.Create(["app/*.go"], ["**/*_test.go"])]);
        Assert.Equal(["dir app", "file app/main.go"], walker.Walk().Select(e => e.ToString()));
        Assert.True(walker.Exists("app"));
        Assert.True(walker.Exists("./app//main.go"));
        Assert.False(walker.Exists("app/main_test.go"));
        Assert.False(walker.Exists("other"));
        Assert.False(walker.Exists("../outside"));
        Assert.True(walker.Exists("."));
    }

    [Fact]
    public void Walk_is_cancellable()
    {
        using var dir = new TempDirectory("kiln-ctx");
        dir.WriteFile("a/b", string.Empty);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => new ContextWalker(dir.Path).Walk(cts.Token).ToList());
    }

    [Fact]
    public void Broken_pattern_surfaces_during_the_walk()
    {
        using var dir = new TempDirectory("kiln-ctx");
        dir.WriteFile("x", string.Empty);
        dir.WriteFile(".dockerignore", "[Local-Only]/\n");
        var walker = new ContextWalker(dir.Path, [IgnoreFileLocator.Locate(dir.Path, null)!.ToFilter()]);
        var error = Assert.Throws<IgnorePatternException>(() => walker.Walk().ToList());
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Walk_equals_the_brute_force_definition_on_random_filters()
    {
        // Reference: an entry is kept by a layer when it passes include and exclude (pattern or ancestor
        // match); kept entries bring their ancestor directories; layers apply one after the other.
        using var dir = new TempDirectory("kiln-ctx");
        string[] tree = ["a/b/c.txt", "a/b/ab/x.txt", "a/ba/c.txt", "ab/a/b", "ab/c.txt", "b/aa/ab/c.txt", "ba", "c.txt", "b/x.txt"];
        foreach (var file in tree)
        {
            dir.WriteFile(file, string.Empty);
        }

        var all = new ContextWalker(dir.Path).Walk().ToList();
        var random = new Random(42);
        string[] segments = ["a", "b", "ab", "*", "a*", "*b", "?", "**", "[ab]", "[^a]", "c.txt", "*.txt", "ba"];
        for (var round = 0; round < 150; round++)
        {
            var filters = Enumerable.Range(0, random.Next(1, 3)).Select(_ => ContextFilter.Create(
                random.Next(3) == 0 ? RandomPatterns(random, segments, allowExceptions: false) : null,
                random.Next(4) != 0 ? RandomPatterns(random, segments, allowExceptions: true) : null)).ToArray();

            var expected = all.Select(e => e.Path).ToList();
            foreach (var filter in filters)
            {
                var kept = expected.Where(p =>
                    (filter.Include is null || filter.Include.MatchesOrParentMatches(p))
                    && (filter.Exclude is null || !filter.Exclude.MatchesOrParentMatches(p))).ToList();
                var withParents = new HashSet<string>(kept, StringComparer.Ordinal);
                foreach (var p in kept)
                {
                    for (var slash = p.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = p.IndexOf('/', slash + 1))
                    {
                        withParents.Add(p[..slash]);
                    }
                }

                expected = expected.Where(withParents.Contains).ToList();
            }

            var walker = new ContextWalker(dir.Path, filters);
            var description = string.Join(" ; ", filters.Select(f => $"inc[{string.Join(' ', f.Include?.Patterns ?? [])}] exc[{string.Join(' ', f.Exclude?.Patterns ?? [])}]"));
            Assert.True(expected.SequenceEqual(walker.Walk().Select(e => e.Path)), description);
            foreach (var entry in all)
            {
                Assert.True(expected.Contains(entry.Path) == walker.Exists(entry.Path), $"{description}: Exists({entry.Path})");
            }
        }
    }

    [Fact]
    public void Walks_a_large_context_quickly()
    {
        using var dir = new TempDirectory("kiln-ctx");
        for (var d = 0; d < 50; d++)
        {
            var sub = Path.Combine(dir.Path, $"d{d:00}", "inner");
            Directory.CreateDirectory(sub);
            for (var f = 0; f < 100; f++)
            {
                File.WriteAllBytes(Path.Combine(sub, $"f{f:000}.{(f % 3 == 0 ? "log" : "cs")}"), []);
            }
        }

        var filter = ContextFilter.Create(null, ["*.tmp", "**/*.log", "!d0*/inner/f000.log", "d4*/inner/f09?.cs", "build", "**/obj"]);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var count = new ContextWalker(dir.Path, [filter]).Walk().Count();
        watch.Stop();

        // 100 dirs + 5000 files - 34 logs per dir + 10 re-included f000.log - 6 .cs among f090..f099 in d40..d49.
        Assert.Equal(100 + 5000 - (34 * 50) + 10 - (6 * 10), count);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"walk took {watch.Elapsed}");
    }

    private static string[] RandomPatterns(Random random, string[] segments, bool allowExceptions) =>
        Enumerable.Range(0, random.Next(1, 4)).Select(_ =>
            (allowExceptions && random.Next(3) == 0 ? "!" : string.Empty)
            + string.Join('/', Enumerable.Range(0, random.Next(1, 4)).Select(_ => segments[random.Next(segments.Length)]))).ToArray();
}
