using Kiln.Dockerfile.Diagnostics;

namespace Kiln.Dockerfile.Tests.Diagnostics;

public sealed class DiagnosticsTests
{
    [Theory]
    [InlineData("RUNN", "RUN")]
    [InlineData("chwon", "chown")]
    [InlineData("cahce", "cache")]
    [InlineData("entrypiont", "ENTRYPOINT")]
    public void Suggestions_find_typos_including_transpositions(string input, string expected)
    {
        string[] candidates = ["RUN", "chown", "chmod", "cache", "bind", "ENTRYPOINT", "EXPOSE"];
        Assert.Equal(expected, Suggestions.Closest(input, candidates));
    }

    [Theory]
    [InlineData("xyz")]
    [InlineData("RUN")]
    public void Suggestions_stay_quiet_for_unrelated_or_exact_words(string input) =>
        Assert.Null(Suggestions.Closest(input, ["RUN", "COPY"]));

    [Fact]
    public void Renderer_names_file_line_column_and_marks_the_span()
    {
        var source = new SourceFile("app/Dockerfile", "FROM alpine\nRUNN echo hi\n");
        var diagnostic = Diagnostic.Error("KILN1201", "unknown instruction: RUNN (did you mean RUN?)", "app/Dockerfile", SourceRange.OnLine(2, 1, 4), "did you mean RUN?");

        var text = DiagnosticRenderer.Render(diagnostic, source);

        Assert.Equal(
            "app/Dockerfile:2:1: error KILN1201: unknown instruction: RUNN (did you mean RUN?)\n" +
            " 2 | >>> RUNN echo hi\n" +
            "   |     ^^^^\n",
            text);
    }

    [Fact]
    public void Renderer_prints_a_hint_not_already_in_the_message()
    {
        var source = new SourceFile("Dockerfile", "FROM a\nRUN <<EOT\n");
        var diagnostic = Diagnostic.Error("KILN1009", "unterminated heredoc", "Dockerfile", SourceRange.OnLine(2, 5, 2), "end it with a line containing only EOT");

        Assert.EndsWith("  hint: end it with a line containing only EOT\n", DiagnosticRenderer.Render(diagnostic, source), StringComparison.Ordinal);
    }

    [Fact]
    public void Source_file_drops_bom_and_carriage_returns()
    {
        var source = new SourceFile("Dockerfile", "\uFEFFFROM a\r\nRUN b\r\n");
        Assert.Equal("FROM a", source.GetLine(1));
        Assert.Equal("RUN b", source.GetLine(2));
        Assert.Equal(2, source.LineCount);
    }
}
