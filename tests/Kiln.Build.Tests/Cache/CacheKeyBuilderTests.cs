using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Kiln.Build.Cache;
using Kiln.Build.Context.Hashing;
using Kiln.Oci;
using Kiln.Testing;

namespace Kiln.Build.Tests.Cache;

/// <summary>ARCHITECTURE.md decision 1, DF-CACHE-LOCAL / DF-CACHE-ARGS / DF-CACHE-COPY-CONTENT: what a cache key is made of.</summary>
public sealed class CacheKeyBuilderTests
{
    // Computed once from the encoding documented on CacheKeyBuilder (see Key_is_the_sha256_of_the_documented_encoding).
    private const string ExpectedTypicalKey = "06a5dd30010f85826dfa61aa6e0b65d03e896ca91f5e907dd75e62ef725865cb";

    private static readonly Digest BaseA = Digest.Compute("base image a"u8);
    private static readonly Digest BaseB = Digest.Compute("base image b"u8);
    private static readonly Digest MainGo = Digest.Compute("package main"u8);
    private static readonly Digest GoMod = Digest.Compute("module x"u8);

    private static CacheKeyBuilder Typical()
    {
        var parent = new CacheKeyBuilder("from").Add("image", BaseA, CacheKeyPartKind.BaseImage).Add("platform", "linux/amd64", CacheKeyPartKind.Platform).Build();
        return new CacheKeyBuilder("copy")
            .AddParent(parent)
            .Add("instruction", "COPY . /src", CacheKeyPartKind.Instruction)
            .Add("VERSION", "1", CacheKeyPartKind.BuildArg)
            .AddFiles("context", new Dictionary<string, Digest> { ["app/main.go"] = MainGo, ["go.mod"] = GoMod });
    }

    [Fact]
    public void Same_parts_give_the_same_key_in_every_run()
    {
        // Pinned: a change here means every existing cache record is lost; change CacheKeyBuilder.Schema with it.
        Assert.Equal("sha256:" + ExpectedTypicalKey, Typical().Build().ToString());
        Assert.Equal(Typical().Build(), Typical().Build());
    }

    [Fact]
    public void Key_is_the_sha256_of_the_documented_encoding()
    {
        static void S(List<byte> into, string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            N(into, bytes.Length);
            into.AddRange(bytes);
        }

        static void N(List<byte> into, int value)
        {
            var buffer = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)value);
            into.AddRange(buffer);
        }

        static string Sha(List<byte> bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes.ToArray()));

        var parentBytes = new List<byte>();
        S(parentBytes, "kiln-cache-v1");
        S(parentBytes, "from");
        N(parentBytes, 2);
        S(parentBytes, "base-image");
        S(parentBytes, "image");
        parentBytes.Add(2);
        S(parentBytes, BaseA.ToString());
        S(parentBytes, "platform");
        S(parentBytes, "platform");
        parentBytes.Add(1);
        S(parentBytes, "linux/amd64");
        var parent = Sha(parentBytes);

        var filesBytes = new List<byte>();
        S(filesBytes, "kiln-cache-v1/files");
        N(filesBytes, 2);
        S(filesBytes, "app/main.go");
        S(filesBytes, MainGo.ToString());
        S(filesBytes, "go.mod");
        S(filesBytes, GoMod.ToString());
        var files = Sha(filesBytes);

        var bytes = new List<byte>();
        S(bytes, "kiln-cache-v1");
        S(bytes, "copy");
        N(bytes, 4);
        S(bytes, "parent");
        S(bytes, "parent");
        bytes.Add(2);
        S(bytes, parent);
        S(bytes, "instruction");
        S(bytes, "instruction");
        bytes.Add(1);
        S(bytes, "COPY . /src");
        S(bytes, "build-arg");
        S(bytes, "VERSION");
        bytes.Add(1);
        S(bytes, "1");
        S(bytes, "files");
        S(bytes, "context");
        bytes.Add(3);
        S(bytes, files);

        var builder = Typical();
        Assert.Equal(Sha(bytes), builder.Build().ToString());
        Assert.Equal(files, builder.Parts[^1].Digest.ToString());
    }

    [Fact]
    public void A_step_without_parent_encodes_no_value()
    {
        var bytes = new List<byte>();
        void S(string text)
        {
            var b = Encoding.UTF8.GetBytes(text);
            var n = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(n, (uint)b.Length);
            bytes.AddRange(n);
            bytes.AddRange(b);
        }

        S("kiln-cache-v1");
        S("run");
        bytes.AddRange(new byte[] { 0, 0, 0, 1 });
        S("parent");
        S("parent");
        bytes.Add(0);

        var key = new CacheKeyBuilder("run").AddParent(null).Build();

        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes.ToArray())), key.ToString());
        Assert.NotEqual(key, new CacheKeyBuilder("run").Build());
    }

    public static TheoryData<string> Variations() =>
    [
        "operation", "parent", "no parent", "instruction", "arg value", "arg name", "arg kind", "extra part", "part order",
        "file content", "file path", "file added", "file removed", "base image",
    ];

    [Theory]
    [MemberData(nameof(Variations))]
    public void Any_changed_part_gives_another_key(string variation)
    {
        var otherParent = new CacheKeyBuilder("from").Add("image", BaseB, CacheKeyPartKind.BaseImage).Build();
        var files = new Dictionary<string, Digest> { ["app/main.go"] = MainGo, ["go.mod"] = GoMod };
        CacheKeyBuilder Build(string operation = "copy", CacheKey? parent = null, string instruction = "COPY . /src", string argName = "VERSION", string argValue = "1",
            CacheKeyPartKind argKind = CacheKeyPartKind.BuildArg, IReadOnlyDictionary<string, Digest>? fileSet = null, bool argFirst = false, bool noParent = false)
        {
            var builder = new CacheKeyBuilder(operation);
            if (!noParent)
            {
                builder.AddParent(parent ?? new CacheKeyBuilder("from").Add("image", BaseA, CacheKeyPartKind.BaseImage).Build());
            }

            if (argFirst)
            {
                builder.Add(argName, argValue, argKind).Add("instruction", instruction, CacheKeyPartKind.Instruction);
            }
            else
            {
                builder.Add("instruction", instruction, CacheKeyPartKind.Instruction).Add(argName, argValue, argKind);
            }

            return builder.AddFiles("context", fileSet ?? files);
        }

        var original = Build().Build();
        var changed = variation switch
        {
            "operation" => Build(operation: "add"),
            "parent" => Build(parent: otherParent),
            "no parent" => Build(noParent: true),
            "instruction" => Build(instruction: "COPY . /srv"),
            "arg value" => Build(argValue: "2"),
            "arg name" => Build(argName: "VERSIO"),
            "arg kind" => Build(argKind: CacheKeyPartKind.Environment),
            "extra part" => Build().Add("network", "none"),
            "part order" => Build(argFirst: true),
            "file content" => Build(fileSet: new Dictionary<string, Digest> { ["app/main.go"] = GoMod, ["go.mod"] = GoMod }),
            "file path" => Build(fileSet: new Dictionary<string, Digest> { ["app/Main.go"] = MainGo, ["go.mod"] = GoMod }),
            "file added" => Build(fileSet: new Dictionary<string, Digest> { ["app/main.go"] = MainGo, ["go.mod"] = GoMod, ["go.sum"] = GoMod }),
            "file removed" => Build(fileSet: new Dictionary<string, Digest> { ["app/main.go"] = MainGo }),
            "base image" => Build(parent: new CacheKeyBuilder("from").Add("image", BaseB, CacheKeyPartKind.BaseImage).Build()),
            _ => throw new ArgumentOutOfRangeException(nameof(variation)),
        };

        Assert.NotEqual(original, changed.Build());
    }

    [Fact]
    public void File_order_in_the_dictionary_does_not_matter_but_paths_sort_ordinally()
    {
        var forward = new Dictionary<string, Digest> { ["B"] = MainGo, ["a"] = GoMod };
        var backward = new Dictionary<string, Digest> { ["a"] = GoMod, ["B"] = MainGo };

        var one = new CacheKeyBuilder("copy").AddFiles("context", forward);
        var two = new CacheKeyBuilder("copy").AddFiles("context", backward);

        Assert.Equal(one.Build(), two.Build());
        Assert.Equal(["B", "a"], one.Parts[0].Files!.Keys);
    }

    [Fact]
    public void Length_prefixes_keep_adjacent_strings_apart()
    {
        var one = new CacheKeyBuilder("run").Add("ab", "c").Build();
        var two = new CacheKeyBuilder("run").Add("a", "bc").Build();
        var three = new CacheKeyBuilder("runa").Add("b", "c").Build();

        Assert.NotEqual(one, two);
        Assert.NotEqual(one, three);
        Assert.NotEqual(two, three);
    }

    [Fact]
    public void Text_and_digest_values_with_the_same_spelling_differ()
    {
        var text = new CacheKeyBuilder("from").Add("image", BaseA.ToString(), CacheKeyPartKind.BaseImage).Build();
        var digest = new CacheKeyBuilder("from").Add("image", BaseA, CacheKeyPartKind.BaseImage).Build();

        Assert.NotEqual(text, digest);
    }

    [Fact]
    public void Names_are_unique_per_kind()
    {
        var builder = new CacheKeyBuilder("run").Add("VERSION", "1", CacheKeyPartKind.BuildArg);

        var duplicate = Assert.Throws<ArgumentException>(() => builder.Add("VERSION", "2", CacheKeyPartKind.BuildArg));
        Assert.Contains("build-arg part named \"VERSION\"", duplicate.Message, StringComparison.Ordinal);
        builder.Add("VERSION", "1", CacheKeyPartKind.Environment);
        Assert.Throws<ArgumentException>(() => builder.AddParent(null).AddParent(null));
        Assert.Equal(3, builder.Parts.Count);
    }

    [Fact]
    public void Invalid_inputs_are_rejected()
    {
        var builder = new CacheKeyBuilder("run");

        Assert.Throws<ArgumentException>(() => builder.Add("", "x"));
        Assert.Throws<ArgumentException>(() => builder.Add("base", default(Digest), CacheKeyPartKind.BaseImage));
        Assert.Throws<ArgumentException>(() => builder.Add("files", "x", CacheKeyPartKind.Files));
        Assert.Throws<ArgumentException>(() => builder.Add("parent", BaseA, CacheKeyPartKind.Parent));
        Assert.Throws<ArgumentException>(() => builder.AddFiles("context", new Dictionary<string, Digest> { ["a"] = default }));
        Assert.Throws<ArgumentException>(() => builder.Add("cmd", "bad \ud800 surrogate").Build());
    }

    [Fact]
    public void Parts_keep_every_input_for_explanations()
    {
        var parts = Typical().Parts;

        Assert.Equal(
            [(CacheKeyPartKind.Parent, "parent"), (CacheKeyPartKind.Instruction, "instruction"), (CacheKeyPartKind.BuildArg, "VERSION"), (CacheKeyPartKind.Files, "context")],
            parts.Select(p => (p.Kind, p.Name)));
        Assert.Equal("1", parts[2].Value);
        Assert.Null(parts[2].Digest);
        Assert.Equal(MainGo, parts[3].Files!["app/main.go"]);
    }

    [Fact]
    public void Modification_times_never_reach_the_key_but_content_does()
    {
        using var context = new TempDirectory("kiln-cache-ctx");
        context.WriteFile("app/main.go", "package main\n");
        context.WriteFile("go.mod", "module example.com/app\n");
        CacheKey KeyOf() => new CacheKeyBuilder("copy")
            .Add("instruction", "COPY . /src", CacheKeyPartKind.Instruction)
            .AddFiles("context", new ContentHasher().HashSelection(context.Path, null).Paths)
            .Build();
        var before = KeyOf();

        var past = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        foreach (var entry in Directory.EnumerateFileSystemEntries(context.Path, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(entry, past);
        }

        Assert.Equal(before, KeyOf());

        File.WriteAllText(Path.Combine(context.Path, "app/main.go"), "package main // changed\n");
        File.SetLastWriteTimeUtc(Path.Combine(context.Path, "app/main.go"), past);

        Assert.NotEqual(before, KeyOf());
    }
}
