using System.Text.Json;
using Kiln.Build.Context;
using Kiln.Testing;

namespace Kiln.Build.Tests.Context;

/// <summary>Every case of ignorefile-readall.json, plus line numbers and BOM/comment details.</summary>
public sealed class IgnoreFileReaderVectorTests
{
    private static readonly Lazy<JsonElement[]> Cases = new(() =>
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.Conformance, "dockerignore", "ignorefile-readall.json"));
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(e => e.Clone()).ToArray();
    });

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        for (var i = 0; i < Cases.Value.Length; i++)
        {
            data.Add($"readall-{i + 1}");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Vector(string id)
    {
        var c = Cases.Value[int.Parse(id["readall-".Length..], System.Globalization.CultureInfo.InvariantCulture) - 1];
        var input = c.GetProperty("input");
        var content = input.ValueKind == JsonValueKind.Null ? null : input.GetString();
        var expected = c.GetProperty("expected").EnumerateArray().Select(e => e.GetString()!).ToArray();

        var patterns = IgnoreFileReader.Read(content, ".dockerignore");
        Assert.Equal(expected, patterns.Select(p => p.Text).ToArray());
        Assert.All(patterns, p => Assert.Equal(".dockerignore", p.SourceFile));

        using var reader = content is null ? null : new StringReader(content);
        Assert.Equal(expected, IgnoreFileReader.Read(reader, ".dockerignore").Select(p => p.Text).ToArray());
    }

    [Fact]
    public void Line_numbers_are_physical_and_one_based()
    {
        var patterns = IgnoreFileReader.Read("\uFEFF# comment\r\n\r\n  *.log  \n !keep.log\n/abs//x/../y/\n", ".dockerignore");
        Assert.Equal(new[] { "*.log", "!keep.log", "abs/y" }, patterns.Select(p => p.Text));
        Assert.Equal(new[] { 3, 4, 5 }, patterns.Select(p => p.Line));
        Assert.False(patterns[0].IsException);
        Assert.True(patterns[1].IsException);
        Assert.Equal("keep.log", patterns[1].Pattern);
    }

    [Fact]
    public void Hash_after_leading_whitespace_is_a_pattern_and_bom_line_can_be_a_comment()
    {
        var patterns = IgnoreFileReader.Read("\uFEFF#first\n  #not-a-comment\n", "x.dockerignore");
        var only = Assert.Single(patterns);
        Assert.Equal("#not-a-comment", only.Text);
        Assert.Equal(2, only.Line);
    }

    [Fact]
    public void Bare_exclamation_fails_when_building_the_matcher_naming_file_and_line()
    {
        var patterns = IgnoreFileReader.Read("foo\n\n!\n", ".dockerignore");
        var error = Assert.Throws<IgnorePatternException>(() => PatternMatcher.Create(patterns));
        Assert.Equal(3, error.Line);
        Assert.Equal(".dockerignore", error.SourceFile);
        Assert.Contains(".dockerignore line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("illegal exclusion pattern: \"!\"", error.Message, StringComparison.Ordinal);
    }
}
