using System.Text.Json;
using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Syntax;
using Kiln.Testing;

namespace Kiln.Dockerfile.Tests.Syntax;

/// <summary>Heredoc vectors (conformance/buildkit README §4, parser/heredoc/expected.json).</summary>
public sealed class HeredocVectorTests
{
    private static string HeredocDir => Path.Combine(TestPaths.Conformance, "buildkit", "parser", "heredoc");

    private static JsonElement Expected { get; } = JsonDocument.Parse(File.ReadAllText(Path.Combine(HeredocDir, "expected.json"))).RootElement;

    public static TheoryData<int> ExtractChildren()
    {
        var data = new TheoryData<int>();
        foreach (var child in Expected.GetProperty("extracts").GetProperty("children").EnumerateArray())
        {
            data.Add(child.GetProperty("childIndex").GetInt32());
        }

        return data;
    }

    public static TheoryData<int> JsonFormChildren()
    {
        var data = new TheoryData<int>();
        foreach (var index in Expected.GetProperty("jsonForm").GetProperty("childrenWithoutHeredocs").EnumerateArray())
        {
            data.Add(index.GetInt32());
        }

        return data;
    }

    public static TheoryData<string, string> HeredocWordCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var group in Expected.GetProperty("words").GetProperty("parseHeredocWord").EnumerateObject())
        {
            foreach (var word in group.Value.EnumerateArray())
            {
                data.Add(group.Name, word.GetString()!);
            }
        }

        return data;
    }

    public static TheoryData<int> FromLineCases() =>
        Indexes(Expected.GetProperty("words").GetProperty("heredocsFromLine").GetArrayLength());

    public static TheoryData<int> ChompCases() =>
        Indexes(Expected.GetProperty("words").GetProperty("chomp").GetArrayLength());

    [Theory]
    [MemberData(nameof(ExtractChildren))]
    public void Extracts_child_has_expected_heredocs(int childIndex)
    {
        var expected = Expected.GetProperty("extracts").GetProperty("children").EnumerateArray()
            .Single(c => c.GetProperty("childIndex").GetInt32() == childIndex).GetProperty("heredocs");
        var syntax = ParseFile(Expected.GetProperty("extracts").GetProperty("file").GetString()!);
        var actual = syntax.Instructions[childIndex].Heredocs;
        if (expected.ValueKind == JsonValueKind.Null)
        {
            Assert.Empty(actual);
            return;
        }

        var wanted = expected.EnumerateArray().Select(h => new Heredoc(
            h.GetProperty("name").GetString()!,
            h.GetProperty("content").GetString()!,
            h.GetProperty("expand").GetBoolean(),
            h.GetProperty("chomp").GetBoolean(),
            h.GetProperty("fileDescriptor").GetInt32())).ToArray();
        Assert.Equal(wanted, actual);
    }

    [Fact]
    public void Extracts_has_one_instruction_per_child_and_invalid_user_heredoc_is_an_instruction()
    {
        var syntax = ParseFile("extracts.Dockerfile");
        Assert.Equal(28, syntax.Instructions.Count);
        Assert.Equal("USER", syntax.Instructions[3].Keyword);
        Assert.Equal("INVALID", syntax.Instructions[4].Keyword);
    }

    [Theory]
    [MemberData(nameof(JsonFormChildren))]
    public void Json_form_has_no_heredocs(int childIndex)
    {
        var syntax = ParseFile(Expected.GetProperty("jsonForm").GetProperty("file").GetString()!);
        Assert.True(syntax.Instructions[childIndex].IsJsonForm);
        Assert.Empty(syntax.Instructions[childIndex].Heredocs);
    }

    [Theory]
    [MemberData(nameof(HeredocWordCases))]
    public void Parse_heredoc_word(string expectation, string word)
    {
        switch (expectation)
        {
            case "valid_name_EOF":
                Assert.Equal("EOF", HeredocWords.ParseWord(word)?.Name);
                break;
            case "error":
                Assert.Throws<DockerfileException>(() => HeredocWords.ParseWord(word));
                break;
            case "not_a_heredoc":
                Assert.Null(HeredocWords.ParseWord(word));
                break;
            default:
                Assert.Fail("unknown expectation " + expectation);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(FromLineCases))]
    public void Heredocs_from_line(int index)
    {
        var vector = Expected.GetProperty("words").GetProperty("heredocsFromLine")[index];
        var names = vector.GetProperty("names").EnumerateArray().Select(n => n.GetString()!).ToArray();
        var actual = HeredocWords.FromLine(vector.GetProperty("line").GetString()!).Select(h => h.Name).ToArray();
        Assert.Equal(names, actual);
    }

    [Theory]
    [MemberData(nameof(ChompCases))]
    public void Chomp(int index)
    {
        var vector = Expected.GetProperty("words").GetProperty("chomp")[index];
        Assert.Equal(vector.GetProperty("output").GetString(), HeredocWords.Chomp(vector.GetProperty("input").GetString()!));
    }

    private static DockerfileSyntax ParseFile(string name)
    {
        var path = Path.Combine(HeredocDir, name);
        return new DockerfileParser().Parse(new SourceFile(path, File.ReadAllText(path)));
    }

    private static TheoryData<int> Indexes(int count)
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < count; i++)
        {
            data.Add(i);
        }

        return data;
    }
}
