using Kiln.Build.Cache;
using Kiln.Oci;

namespace Kiln.Build.Tests.Cache;

/// <summary><c>--explain-cache</c>: for a step that missed, which part of its key changed, worded by the part's kind.</summary>
public sealed class CacheExplanationTests : IDisposable
{
    private const string Step = "Dockerfile|build|3|RUN";

    private static readonly Digest BaseA = Digest.Parse("sha256:aaaaaaaaaaaa1111111111111111111111111111111111111111111111111111");
    private static readonly Digest BaseB = Digest.Parse("sha256:bbbbbbbbbbbb2222222222222222222222222222222222222222222222222222");

    private readonly CacheTestStore _store = new();

    public void Dispose() => _store.Dispose();

    private static CacheKeyBuilder Step1(
        CacheKey? parent = null, Digest? baseImage = null, string version = "1", string instruction = "make", string platform = "linux/amd64",
        IReadOnlyDictionary<string, Digest>? files = null, string workdir = "/src", string? path = "/usr/bin")
    {
        var builder = new CacheKeyBuilder("run")
            .AddParent(parent ?? CacheTestStore.Key("parent"))
            .Add("image", baseImage ?? BaseA, CacheKeyPartKind.BaseImage)
            .Add("platform", platform, CacheKeyPartKind.Platform)
            .Add("instruction", instruction, CacheKeyPartKind.Instruction)
            .Add("VERSION", version, CacheKeyPartKind.BuildArg);
        if (path is not null)
        {
            builder.Add("PATH", path, CacheKeyPartKind.Environment);
        }

        return builder
            .Add("workdir", workdir)
            .AddFiles("context", files ?? Files(("app/main.go", "main"), ("go.mod", "mod"), ("old.txt", "old")));
    }

    private static Dictionary<string, Digest> Files(params (string Path, string Content)[] files) =>
        files.ToDictionary(f => f.Path, f => Digest.Compute(System.Text.Encoding.UTF8.GetBytes(f.Content)));

    private async Task<IReadOnlyList<string>> ExplainAfterAsync(CacheKeyBuilder first, CacheKeyBuilder second)
    {
        await _store.Cache.RememberAsync(Step, first.Parts);

        // A fresh instance: what was remembered lives on disk, not in memory.
        return await BuildCache.Open(_store.Root, _store.Time).ExplainAsync(Step, second.Parts);
    }

    [Fact]
    public async Task A_step_never_built_says_so()
    {
        Assert.Equal(["no earlier build of this step"], await _store.Cache.ExplainAsync(Step, Step1().Parts));
    }

    [Fact]
    public async Task Parent_change() =>
        Assert.Equal(["parent step changed"], await ExplainAfterAsync(Step1(), Step1(parent: CacheTestStore.Key("other parent"))));

    [Fact]
    public async Task Base_image_change_shows_both_digests_shortened() =>
        Assert.Equal(
            ["base image changed from sha256:aaaaaaaaaaaa… to sha256:bbbbbbbbbbbb…"],
            await ExplainAfterAsync(Step1(), Step1(baseImage: BaseB)));

    [Fact]
    public async Task Digests_sharing_a_long_prefix_are_shown_until_they_differ()
    {
        var close = Digest.Parse("sha256:aaaaaaaaaaaa1111111111111111111111111111111111111111111111111112");

        var lines = await ExplainAfterAsync(Step1(), Step1(baseImage: close));

        // They differ in the last character only: both are printed whole.
        Assert.Equal([$"base image changed from {BaseA} to {close}"], lines);
    }

    [Fact]
    public async Task Build_arg_change_shows_old_and_new_value() =>
        Assert.Equal(["build arg VERSION changed (\"1\" -> \"2\")"], await ExplainAfterAsync(Step1(), Step1(version: "2")));

    [Fact]
    public async Task Environment_and_platform_and_setting_changes_name_the_input() =>
        Assert.Equal(
            ["platform changed (\"linux/amd64\" -> \"linux/arm64\")", "env PATH changed (\"/usr/bin\" -> \"/bin\")", "workdir changed (\"/src\" -> \"/app\")"],
            await ExplainAfterAsync(Step1(), Step1(platform: "linux/arm64", path: "/bin", workdir: "/app")));

    [Fact]
    public async Task An_input_that_appears_or_disappears_is_added_or_removed()
    {
        Assert.Equal(["env PATH removed (was \"/usr/bin\")"], await ExplainAfterAsync(Step1(), Step1(path: null)));
        Assert.Equal(["env PATH added (\"/usr/bin\")"], await ExplainAfterAsync(Step1(path: null), Step1()));
    }

    [Fact]
    public async Task Instruction_change() =>
        Assert.Equal(["instruction changed"], await ExplainAfterAsync(Step1(), Step1(instruction: "make all")));

    [Fact]
    public async Task File_changes_name_each_file()
    {
        var lines = await ExplainAfterAsync(Step1(), Step1(files: Files(("app/main.go", "main v2"), ("go.mod", "mod"), ("new.txt", "new"))));

        Assert.Equal(["file app/main.go changed", "file new.txt added", "file old.txt removed"], lines);
    }

    [Fact]
    public async Task Long_file_lists_are_capped()
    {
        var before = Enumerable.Range(0, 30).Select(i => ($"f{i:D2}", "v1")).ToArray();
        var after = Enumerable.Range(0, 30).Select(i => ($"f{i:D2}", "v2")).ToArray();

        var lines = await ExplainAfterAsync(Step1(files: Files(before)), Step1(files: Files(after)));

        Assert.Equal(Enumerable.Range(0, 9).Select(i => $"file f{i:D2} changed").Append("and 21 more"), lines);
    }

    [Fact]
    public async Task Several_changes_are_listed_in_key_order()
    {
        var lines = await ExplainAfterAsync(Step1(), Step1(parent: CacheTestStore.Key("p2"), version: "3", instruction: "make test"));

        Assert.Equal(["parent step changed", "instruction changed", "build arg VERSION changed (\"1\" -> \"3\")"], lines);
    }

    [Fact]
    public async Task Long_or_odd_values_are_cut_and_escaped()
    {
        var lines = await ExplainAfterAsync(Step1(version: new string('v', 100)), Step1(version: "a \"quoted\"\nline"));

        Assert.Equal([$"build arg VERSION changed (\"{new string('v', 60)}…\" -> \"a \\\"quoted\\\"\\nline\")"], lines);
    }

    [Fact]
    public async Task The_last_remembered_parts_win()
    {
        await _store.Cache.RememberAsync(Step, Step1(version: "1").Parts);
        await _store.Cache.RememberAsync(Step, Step1(version: "2").Parts);

        Assert.Equal(["build arg VERSION changed (\"2\" -> \"3\")"], await _store.Cache.ExplainAsync(Step, Step1(version: "3").Parts));
        Assert.Equal(["no earlier build of this step"], await _store.Cache.ExplainAsync("Dockerfile|build|4|RUN", Step1().Parts));
    }

    [Fact]
    public async Task Remembering_the_same_parts_again_does_not_rewrite_the_document()
    {
        await _store.Cache.RememberAsync(Step, Step1(version: "1").Parts);
        var file = Assert.Single(Directory.EnumerateFiles(Path.Combine(_store.Root, "cache", "steps"), "*.json", SearchOption.AllDirectories));
        var inode = new Kiln.Linux.LinuxFileSystem().LStat(file).Identity.Inode;

        await _store.Cache.RememberAsync(Step, Step1(version: "1").Parts);
        Assert.Equal(inode, new Kiln.Linux.LinuxFileSystem().LStat(file).Identity.Inode);

        // Back and forth: each change is written, so the explanation is always against the last build.
        await _store.Cache.RememberAsync(Step, Step1(version: "2").Parts);
        await _store.Cache.RememberAsync(Step, Step1(version: "1").Parts);
        Assert.Equal(["build arg VERSION changed (\"1\" -> \"2\")"], await _store.Cache.ExplainAsync(Step, Step1(version: "2").Parts));

        // A damaged document is written again even though the parts did not change.
        await File.WriteAllTextAsync(file, "{ broken");
        await _store.Cache.RememberAsync(Step, Step1(version: "1").Parts);
        Assert.Equal(["build arg VERSION changed (\"1\" -> \"3\")"], await _store.Cache.ExplainAsync(Step, Step1(version: "3").Parts));
    }

    [Fact]
    public async Task Same_inputs_after_the_record_went_say_so()
    {
        var lines = await ExplainAfterAsync(Step1(), Step1());

        Assert.Equal([CacheExplainer.Unchanged], lines);
    }

    [Fact]
    public async Task Damaged_memory_is_treated_as_no_earlier_build()
    {
        await _store.Cache.RememberAsync(Step, Step1().Parts);
        var file = Assert.Single(Directory.EnumerateFiles(Path.Combine(_store.Root, "cache", "steps"), "*.json", SearchOption.AllDirectories));
        await File.WriteAllTextAsync(file, "{ broken");

        Assert.Equal(["no earlier build of this step"], await _store.Cache.ExplainAsync(Step, Step1().Parts));
    }
}
