using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Syntax;
using Kiln.Testing;

namespace Kiln.Dockerfile.Tests.Syntax;

/// <summary>BuildKit parser vectors (conformance/buildkit README §1-3): dumps, negative cases, line ranges.</summary>
public sealed class ParserConformanceTests
{
    private static string ParserDir => Path.Combine(TestPaths.Conformance, "buildkit", "parser");

    public static TheoryData<string> PositiveCases() => CaseNames("testfiles");

    public static TheoryData<string> NegativeCases() => CaseNames("testfiles-negative");

    [Theory]
    [MemberData(nameof(PositiveCases))]
    public void Testfile_dumps_to_its_result(string name)
    {
        var dir = Path.Combine(ParserDir, "testfiles", name);
        var syntax = new DockerfileParser().Parse(Load(Path.Combine(dir, "Dockerfile")));
        var expected = File.ReadAllText(Path.Combine(dir, "result"));
        Assert.Equal(expected, SyntaxDump.Dump(syntax) + "\n");
    }

    [Theory]
    [MemberData(nameof(NegativeCases))]
    public void Negative_testfile_fails(string name)
    {
        var file = Load(Path.Combine(ParserDir, "testfiles-negative", name, "Dockerfile"));
        var ex = Assert.Throws<DockerfileException>(() => new DockerfileParser().Parse(file));
        Assert.StartsWith("KILN10", ex.Diagnostic.Id, StringComparison.Ordinal);
        Assert.Equal(file.Path, ex.Diagnostic.FilePath);
        Assert.NotNull(ex.Diagnostic.Range);
    }

    [Fact]
    public void Conformance_directories_are_all_present()
    {
        Assert.Equal(33, PositiveCases().Count);
        Assert.Equal(4, NegativeCases().Count);
    }

    [Fact]
    public void Testfile_line_ranges()
    {
        var syntax = new DockerfileParser().Parse(Load(Path.Combine(ParserDir, "testfile-line", "Dockerfile")));
        Assert.Equal(5, syntax.Range.Start.Line);
        Assert.Equal(31, syntax.Range.End.Line);
        var lines = syntax.Instructions.Select(i => (i.Range.Start.Line, i.Range.End.Line)).ToArray();
        Assert.Equal([(5, 5), (11, 12), (17, 31)], lines);
        Assert.Equal('\\', syntax.Directives.EscapeToken);
    }

    [Fact]
    public void Negative_messages_match_buildkit()
    {
        static string MessageOf(string name)
        {
            var file = Load(Path.Combine(ParserDir, "testfiles-negative", name, "Dockerfile"));
            return Assert.Throws<DockerfileException>(() => new DockerfileParser().Parse(file)).Message;
        }

        Assert.Equal("the Dockerfile cannot be empty", MessageOf("empty_dockerfile"));
        Assert.Equal("file with no instructions", MessageOf("only_comments"));
        Assert.Equal("ENV must have two arguments", MessageOf("env_no_value"));
        Assert.Equal("when using JSON array syntax, arrays must be comprised of strings only", MessageOf("shykes-nested-json"));
    }

    private static SourceFile Load(string path) => new(path, File.ReadAllText(path));

    private static TheoryData<string> CaseNames(string folder)
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(ParserDir, folder)).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }
}
