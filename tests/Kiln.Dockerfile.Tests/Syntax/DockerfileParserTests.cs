using System.Text;
using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Syntax;

namespace Kiln.Dockerfile.Tests.Syntax;

/// <summary>Parser behaviour beyond the BuildKit vectors: error locations, directives, warnings, comments, limits.</summary>
public sealed class DockerfileParserTests
{
    private static DockerfileSyntax Parse(string text) => new DockerfileParser().Parse(new SourceFile("Dockerfile", text));

    private static DockerfileException Fail(string text) =>
        Assert.Throws<DockerfileException>(() => Parse(text));

    [Fact]
    public void Missing_equals_points_at_the_word()
    {
        var ex = Fail("FROM a\nENV x=1 yy\n");
        Assert.Equal("KILN1007", ex.Diagnostic.Id);
        Assert.Equal("Syntax error - can't find = in \"yy\". Must be of the form: name=value", ex.Message);
        Assert.Equal("Dockerfile", ex.Diagnostic.FilePath);
        Assert.Equal(new SourcePosition(2, 9), ex.Diagnostic.Range!.Value.Start);
        Assert.Equal(new SourcePosition(2, 10), ex.Diagnostic.Range!.Value.End);
    }

    [Fact]
    public void Error_position_maps_through_continuations()
    {
        var ex = Fail("FROM a\n  LABEL \\\n# comment\n   foo=1 bar\n");
        Assert.Equal(new SourcePosition(4, 10), ex.Diagnostic.Range!.Value.Start);
    }

    [Fact]
    public void Legacy_env_without_value_names_the_instruction()
    {
        var ex = Fail("FROM a\nlabel   onlykey\n");
        Assert.Equal("KILN1006", ex.Diagnostic.Id);
        Assert.Equal("LABEL must have two arguments", ex.Message);
        Assert.Equal(new SourcePosition(2, 9), ex.Diagnostic.Range!.Value.Start);
    }

    [Fact]
    public void Non_string_json_is_an_error_at_the_bracket()
    {
        var ex = Fail("FROM a\nRUN  [\"a\", 1]\n");
        Assert.Equal("KILN1008", ex.Diagnostic.Id);
        Assert.Equal(new SourcePosition(2, 6), ex.Diagnostic.Range!.Value.Start);
    }

    [Theory]
    [InlineData("RUN [\"a\", foo]")]
    [InlineData("RUN [\"a\",]")]
    [InlineData("RUN [\"a\" \"b\"]")]
    [InlineData("RUN [\"\\x\"]")]
    [InlineData("RUN [1, {\"a\": }]")]
    public void Invalid_json_falls_back_to_shell_form(string line)
    {
        var node = Parse("FROM a\n" + line).Instructions[1];
        Assert.False(node.IsJsonForm);
        Assert.Equal([line[4..]], node.Arguments);
    }

    [Fact]
    public void Json_values_of_any_kind_are_validated_before_rejecting_non_strings()
    {
        var ex = Fail("FROM a\nCMD [\"a\", {\"k\": [1, 2.5e3, true, null, \"x\"]}, -0.1]");
        Assert.Equal("KILN1008", ex.Diagnostic.Id);
    }

    [Fact]
    public void Empty_json_array_is_exec_form_without_arguments()
    {
        var node = Parse("FROM a\nRUN []").Instructions[1];
        Assert.True(node.IsJsonForm);
        Assert.Empty(node.Arguments);
    }

    [Fact]
    public void Unterminated_heredoc_points_at_the_delimiter()
    {
        var ex = Fail("FROM a\nRUN cat <<EOF\nhello\n");
        Assert.Equal("KILN1009", ex.Diagnostic.Id);
        Assert.Equal("unterminated heredoc", ex.Message);
        Assert.Equal(new SourcePosition(2, 9), ex.Diagnostic.Range!.Value.Start);
    }

    [Fact]
    public void Unbalanced_heredoc_quote_is_an_error()
    {
        var ex = Fail("FROM a\nRUN <<'EOF\nx\nEOF\n");
        Assert.Equal("KILN1010", ex.Diagnostic.Id);
        Assert.Equal(2, ex.Diagnostic.Range!.Value.Start.Line);
    }

    [Fact]
    public void Empty_file_and_whitespace_only_file()
    {
        Assert.Equal("the Dockerfile cannot be empty", Fail(string.Empty).Message);
        var ex = Fail("\n   \n# c\n");
        Assert.Equal("file with no instructions", ex.Message);
        Assert.Equal("KILN1002", ex.Diagnostic.Id);
    }

    [Fact]
    public void Crlf_and_bom_are_handled()
    {
        var syntax = Parse("\uFEFF# escape=`\r\nFROM a `\r\n  b\r\nRUN echo hi\r\nCOPY <<EOF /x\r\nline\r\nEOF\r\n");
        Assert.Equal('`', syntax.Directives.EscapeToken);
        Assert.Equal("(from \"a\" \"b\")\n(run \"echo hi\")\n(copy \"<<EOF\" \"/x\")", SyntaxDump.Dump(syntax));
        Assert.Equal("line\n", syntax.Instructions[2].Heredocs[0].Content);
        Assert.Equal(new SourcePosition(2, 1), syntax.Instructions[0].Range.Start);
    }

    [Fact]
    public void Duplicate_directive_is_an_error()
    {
        var ex = Fail("# escape=`\n  # ESCAPE = \\\nFROM a\n");
        Assert.Equal("KILN1004", ex.Diagnostic.Id);
        Assert.Equal("only one escape parser directive can be used", ex.Message);
        Assert.Equal(new SourcePosition(2, 5), ex.Diagnostic.Range!.Value.Start);
    }

    [Fact]
    public void Invalid_escape_is_an_error()
    {
        var ex = Fail("# escape=x\nFROM a\n");
        Assert.Equal("KILN1005", ex.Diagnostic.Id);
        Assert.Equal("invalid escape token 'x' does not match ` or \\", ex.Message);
        Assert.Equal(new SourcePosition(1, 10), ex.Diagnostic.Range!.Value.Start);
    }

    [Theory]
    [InlineData("# hello\n# escape=`\nFROM a\n")]
    [InlineData("\n# escape=`\nFROM a\n")]
    [InlineData("# foo=bar\n# escape=`\nFROM a\n")]
    [InlineData("FROM a\n# escape=`\n")]
    public void Directive_after_non_directive_line_is_a_comment(string text)
    {
        Assert.Equal('\\', Parse(text).Directives.EscapeToken);
    }

    [Fact]
    public void Directives_allow_whitespace_and_any_key_case()
    {
        var syntax = Parse("  #  Escape  =  `  \n# SYNTAX = docker/dockerfile:1 --x\n#check=skip=all;error=true\nFROM a `\n b\n");
        Assert.Equal('`', syntax.Directives.EscapeToken);
        Assert.Equal("docker/dockerfile:1 --x", syntax.Directives.Syntax);
        Assert.Equal("skip=all;error=true", syntax.Directives.Check);
        Assert.Equal(new SourcePosition(3, 8), syntax.Directives.CheckRange!.Value.Start);
        Assert.Equal(["a", "b"], syntax.Instructions[0].Arguments);
    }

    [Fact]
    public void Empty_continuation_lines_produce_a_warning()
    {
        var syntax = Parse("FROM a\nRUN echo \\\n\n   \n  hi\nRUN ok \\\n# comment\n  fine\n");
        var warning = Assert.Single(syntax.Warnings);
        Assert.Equal("NoEmptyContinuation", warning.Id);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("Empty continuation line found in: RUN echo   hi", warning.Message);
        Assert.Equal(new SourceRange(new(2, 1), new(5, 4)), warning.Range);
        Assert.Equal("echo   hi", syntax.Instructions[1].Arguments[0]);
    }

    [Fact]
    public void Line_length_limit_is_in_utf8_bytes()
    {
        var ok = "FROM a\nRUN " + new string('a', DockerfileParser.MaxLineBytes - 4) + "\n";
        Assert.Equal(2, Parse(ok).Instructions.Count);

        var ex = Fail("FROM a\n\nRUN " + new string('a', DockerfileParser.MaxLineBytes - 3) + "\n");
        Assert.Equal("KILN1003", ex.Diagnostic.Id);
        Assert.Equal("dockerfile line greater than max allowed size of 65535", ex.Message);
        Assert.Equal(3, ex.Diagnostic.Range!.Value.Start.Line);

        // 21,846 three-byte characters are 65,538 bytes although only 21,846 UTF-16 chars.
        Assert.Equal("KILN1003", Fail("FROM a\nRUN " + new string('\u20AC', 21846)).Diagnostic.Id);
    }

    [Fact]
    public void Preceding_comments_are_the_block_directly_above()
    {
        var syntax = Parse("# syntax=x\n# a\n#   b  \nFROM x\n\n# c\n\nRUN y\n# d\nRUN z \\\n# inside\n  more\nRUN w\n");
        Assert.Equal(["a", "b"], syntax.Instructions[0].PrecedingComments);
        Assert.Empty(syntax.Instructions[1].PrecedingComments);
        Assert.Equal(["d"], syntax.Instructions[2].PrecedingComments);
        Assert.Empty(syntax.Instructions[3].PrecedingComments);
    }

    [Fact]
    public void Original_and_range_cover_the_logical_line()
    {
        var syntax = Parse("FROM a\n  RUN echo \\\n  hi   \n");
        var run = syntax.Instructions[1];
        Assert.Equal("RUN echo   hi", run.Original);
        Assert.Equal(new SourcePosition(2, 3), run.Range.Start);
        Assert.Equal(new SourcePosition(3, 7), run.Range.End);
        Assert.Equal(new SourceRange(new(1, 1), new(3, 7)), syntax.Range);
    }

    [Fact]
    public void Lone_escape_line_starts_a_continuation()
    {
        var syntax = Parse("\\\n  FROM a\nRUN x\n");
        Assert.Equal("(from \"a\")\n(run \"x\")", SyntaxDump.Dump(syntax));
        Assert.Equal(new SourcePosition(2, 3), syntax.Instructions[0].Range.Start);
        Assert.Equal("file with no instructions", Fail("\\\n\n").Message);
    }

    [Fact]
    public void Flags_process_quotes_and_escapes()
    {
        var node = Parse("FROM a\nCOPY --chown=\"a b\" --x=c\\ d --e='f\"g' src dst\n").Instructions[1];
        Assert.Equal(["--chown=a b", "--x=c d", "--e=f\"g"], node.Flags);
        Assert.Equal(["src", "dst"], node.Arguments);
    }

    [Fact]
    public void Unknown_keyword_is_kept()
    {
        var node = Parse("FROM a\nFROB x y\n").Instructions[1];
        Assert.Equal("FROB", node.Keyword);
        Assert.Equal("frob", node.Name);
        Assert.Equal([string.Empty], node.Arguments);
    }

    [Fact]
    public void Onbuild_nests_the_instruction_and_its_heredocs()
    {
        var syntax = Parse("FROM a\nONBUILD --x RUN --mount=type=cache,target=/c <<EOF\necho hi\nEOF\nRUN after\n");
        var onbuild = syntax.Instructions[1];
        Assert.Equal(["--x"], onbuild.Flags);
        Assert.Empty(onbuild.Arguments);
        var run = Assert.IsType<InstructionNode>(onbuild.Next);
        Assert.Equal(["--mount=type=cache,target=/c"], run.Flags);
        Assert.Equal(["<<EOF"], run.Arguments);
        Assert.Equal("echo hi\n", Assert.Single(onbuild.Heredocs).Content);
        Assert.Equal("echo hi\n", Assert.Single(run.Heredocs).Content);
        Assert.Equal(4, onbuild.Range.End.Line);
        Assert.Equal(new SourcePosition(2, 13), run.Range.Start);
        Assert.Equal("onbuild [\"--x\"] (run [\"--mount=type=cache,target=/c\"] \"<<EOF\")", SyntaxDump.Dump(onbuild));
        Assert.Equal("RUN", syntax.Instructions[2].Keyword);
    }

    [Fact]
    public void Heredoc_range_ends_at_the_last_terminator()
    {
        var syntax = Parse("FROM a\nCOPY <<A <<-B /d/\na\nA\n\tb\n\tB\nRUN x\n");
        var copy = syntax.Instructions[1];
        Assert.Equal(new SourceRange(new(2, 1), new(6, 2)), copy.Range);
        Assert.Equal(["A", "B"], copy.Heredocs.Select(h => h.Name));
        Assert.Equal("\tb\n", copy.Heredocs[1].Content);
        Assert.Equal(7, syntax.Range.End.Line);
    }

    [Fact]
    public void Quote_follows_go_strconv_quote()
    {
        Assert.Equal("\"a\\\"b\\\\c\"", SyntaxDump.Quote("a\"b\\c"));
        Assert.Equal("\"\\a\\b\\f\\n\\r\\t\\v\\x00\\x1b\\x7f\"", SyntaxDump.Quote("\a\b\f\n\r\t\v\0\u001b\u007f"));
        Assert.Equal("\"\\u00a0\\u0085\\u200b\"", SyntaxDump.Quote("\u00a0\u0085\u200b"));
        Assert.Equal("\"♥ é 😀 '$\"", SyntaxDump.Quote("♥ é 😀 '$"));
        Assert.Equal("\"\\U000e0001\"", SyntaxDump.Quote("\U000E0001"));
    }

    [Fact]
    public void Cancellation_is_observed()
    {
        var text = "FROM a\n" + string.Concat(Enumerable.Repeat("RUN x\n", 1000));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => new DockerfileParser().Parse(new SourceFile("Dockerfile", text), cts.Token));
    }

    [Fact]
    public void Five_thousand_lines_parse_completely()
    {
        var sb = new StringBuilder("# syntax=docker/dockerfile:1\nFROM alpine:3.20 AS base\n");
        var i = 0;
        while (sb.Length < 400_000 && CountLines(sb) < 5000)
        {
            sb.Append("# step ").Append(i).Append('\n');
            sb.Append("RUN --mount=type=cache,target=/var/cache apk add \\\n    curl \\\n    git && echo ").Append(i).Append('\n');
            sb.Append("ENV A").Append(i).Append("=\"x y\" B=z\n");
            sb.Append("COPY [\"src/").Append(i).Append("\", \"/app/\"]\n");
            sb.Append("COPY <<EOF /etc/f").Append(i).Append("\nbody\nEOF\n");
            sb.Append("LABEL k v\n\n");
            i++;
        }

        var source = new SourceFile("Dockerfile", sb.ToString());
        Assert.True(source.LineCount >= 5000);
        var syntax = new DockerfileParser().Parse(source);
        // Speed is measured by bench/ (ParserBenchmarks); here only that a large file parses completely.
        Assert.Equal(i * 3, syntax.Instructions.Count(n => n.Name is "copy" or "label"));
    }

    private static int CountLines(StringBuilder sb)
    {
        var count = 0;
        foreach (var chunk in sb.GetChunks())
        {
            count += chunk.Span.Count('\n');
        }

        return count;
    }
}
