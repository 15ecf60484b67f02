using Kiln.Dockerfile.Syntax;

namespace Kiln.Dockerfile.Tests.Syntax;

/// <summary>DF-DIR-SYNTAX-ALT: syntax detection from #, //, JSON, after a shebang.</summary>
public sealed class SyntaxDirectiveDetectorTests
{
    [Fact]
    public void Hash_directive_with_cmdline()
    {
        var d = Assert.IsType<SyntaxDirective>(SyntaxDirectiveDetector.Detect("# escape=`\n#  Syntax = docker/dockerfile:1 --opt a\nFROM a\n"));
        Assert.Equal("docker/dockerfile:1", d.Ref);
        Assert.Equal("--opt a", d.Cmdline);
        Assert.Equal("docker/dockerfile:1 --opt a", d.Value);
        Assert.Equal(2, d.Range.Start.Line);
        Assert.Equal(13, d.Range.Start.Column);
    }

    [Fact]
    public void Shebang_line_is_skipped()
    {
        var d = Assert.IsType<SyntaxDirective>(SyntaxDirectiveDetector.Detect("\uFEFF#!/usr/bin/env buildctl\n# syntax=example/front\nFROM a\n"));
        Assert.Equal("example/front", d.Ref);
        Assert.Equal(string.Empty, d.Cmdline);
        Assert.Equal(2, d.Range.Start.Line);
    }

    [Fact]
    public void Double_slash_directive()
    {
        var d = Assert.IsType<SyntaxDirective>(SyntaxDirectiveDetector.Detect("// syntax = example/front:2\n// other comment\n"));
        Assert.Equal("example/front:2", d.Ref);
    }

    [Fact]
    public void Json_document()
    {
        var d = Assert.IsType<SyntaxDirective>(SyntaxDirectiveDetector.Detect("{\n  \"other\": \"x\",\n  \"syntax\": \"example/json\"\n}\n"));
        Assert.Equal("example/json", d.Ref);
        Assert.Null(SyntaxDirectiveDetector.Detect("{\"syntax\": \"x\", \"n\": 1}"));
        Assert.Null(SyntaxDirectiveDetector.Detect("{\"syntax\": "));
    }

    [Theory]
    [InlineData("FROM a\n# syntax=x\n")]
    [InlineData("# hello\n# syntax=x\n")]
    [InlineData("\n# syntax=x\n")]
    [InlineData("")]
    [InlineData("# syntax=\nFROM a")]
    public void No_directive(string text)
    {
        Assert.Null(SyntaxDirectiveDetector.Detect(text));
    }
}
