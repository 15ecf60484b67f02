using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Instructions;

namespace Kiln.Dockerfile.Tests.Instructions;

public class FlagSetTests
{
    private static FlagSet NewSet() => new FlagSet().AddBool("link").AddString("from").AddStrings("exclude");

    [Theory]
    [InlineData("--link", true)]
    [InlineData("--link=true", true)]
    [InlineData("--link=TRUE", true)]
    [InlineData("--link=False", false)]
    [InlineData("--link=false", false)]
    public void Bool_flag_forms(string word, bool expected)
    {
        var set = NewSet();
        set.Parse([word]);
        Assert.True(set.IsUsed("link"));
        Assert.Equal(expected, set.GetBool("link"));
        Assert.Equal(expected, set.GetBoolOrNull("link"));
    }

    [Fact]
    public void Unused_flags_have_defaults()
    {
        var set = NewSet();
        set.Parse([]);
        Assert.False(set.GetBool("link"));
        Assert.Null(set.GetBoolOrNull("link"));
        Assert.Null(set.GetString("from"));
        Assert.Empty(set.GetStrings("exclude"));
        Assert.Equal(-1, set.IndexOf("from"));
    }

    [Fact]
    public void Bool_with_empty_value_is_an_error()
    {
        var ex = Assert.Throws<DockerfileException>(() => NewSet().Parse(["--link="]));
        Assert.Equal("missing a value on flag: --link", ex.Message);
        Assert.Equal(InstructionErrorIds.MissingFlagValue, ex.Diagnostic.Id);
    }

    [Fact]
    public void Bool_with_other_value_is_an_error()
    {
        var ex = Assert.Throws<DockerfileException>(() => NewSet().Parse(["--link=yes"]));
        Assert.Equal("expecting boolean value for flag --link, not: yes", ex.Message);
        Assert.Equal(InstructionErrorIds.InvalidBoolFlag, ex.Diagnostic.Id);
    }

    [Fact]
    public void String_flag_requires_a_value_but_may_be_empty()
    {
        var ex = Assert.Throws<DockerfileException>(() => NewSet().Parse(["--from"]));
        Assert.Equal("missing a value on flag: --from", ex.Message);

        var set = NewSet();
        set.Parse(["--from="]);
        Assert.Equal(string.Empty, set.GetString("from"));
    }

    [Fact]
    public void String_list_flag_repeats_in_order()
    {
        var set = NewSet();
        set.Parse(["--exclude=*.md", "--from=build", "--exclude=a=b"]);
        Assert.Equal(["*.md", "a=b"], set.GetStrings("exclude"));
        Assert.Equal([0, 2], set.IndicesOf("exclude"));
        Assert.Equal("build", set.GetString("from"));
        Assert.Equal(1, set.IndexOf("from"));
    }

    [Fact]
    public void String_list_flag_requires_a_value()
    {
        var ex = Assert.Throws<DockerfileException>(() => NewSet().Parse(["--exclude"]));
        Assert.Equal("missing a value on flag: --exclude", ex.Message);
    }

    [Fact]
    public void Duplicate_non_list_flag_is_an_error()
    {
        var ex = Assert.Throws<DockerfileException>(() => NewSet().Parse(["--from=a", "--from=b"]));
        Assert.Equal("duplicate flag specified: --from", ex.Message);
        Assert.Equal(InstructionErrorIds.DuplicateFlag, ex.Diagnostic.Id);

        ex = Assert.Throws<DockerfileException>(() => NewSet().Parse(["--link", "--link=false"]));
        Assert.Equal("duplicate flag specified: --link", ex.Message);
    }

    [Fact]
    public void Unknown_flag_suggests_the_closest()
    {
        var ex = Assert.Throws<DockerfileException>(() => NewSet().Parse(["--frm=x"]));
        Assert.Equal("unknown flag: --frm (did you mean --from?)", ex.Message);
        Assert.Equal("did you mean --from?", ex.Diagnostic.Suggestion);
        Assert.Equal(InstructionErrorIds.UnknownFlag, ex.Diagnostic.Id);
    }

    [Fact]
    public void Unknown_flag_without_close_match_has_no_suggestion()
    {
        var ex = Assert.Throws<DockerfileException>(() => NewSet().Parse(["--zzzzzzzz"]));
        Assert.Equal("unknown flag: --zzzzzzzz", ex.Message);
        Assert.Null(ex.Diagnostic.Suggestion);
    }

    [Fact]
    public void Flag_names_are_case_sensitive()
    {
        var ex = Assert.Throws<DockerfileException>(() => NewSet().Parse(["--LINK"]));
        Assert.StartsWith("unknown flag: --LINK", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bare_double_dash_stops_parsing()
    {
        var set = NewSet();
        set.Parse(["--link", "--", "--bogus"]);
        Assert.True(set.GetBool("link"));
    }

    [Fact]
    public void Word_without_dashes_is_an_error()
    {
        var ex = Assert.Throws<DockerfileException>(() => NewSet().Parse(["link"]));
        Assert.Equal(InstructionErrorIds.InvalidFlagSyntax, ex.Diagnostic.Id);
    }

    [Fact]
    public void Errors_are_located_by_word_index()
    {
        var range = SourceRange.OnLine(3, 9, 4);
        var ex = Assert.Throws<DockerfileException>(() =>
            NewSet().Parse(["--link", "--nope"], "Dockerfile", i => i == 1 ? range : default));
        Assert.Equal(range, ex.Diagnostic.Range);
        Assert.Equal("Dockerfile", ex.Diagnostic.FilePath);
    }

    [Fact]
    public void Unknown_flag_on_instruction_points_at_the_flag_column()
    {
        TestNodes.Fails("COPY --link --frm=build a b", InstructionErrorIds.UnknownFlag, "unknown flag: --frm (did you mean --from?)", 1, 13);
    }

    [Fact]
    public void Flag_on_a_continuation_line_is_located_there()
    {
        TestNodes.Fails("FROM a\nRUN --network=none \\\n    --netwrk=host echo", InstructionErrorIds.UnknownFlag,
            "unknown flag: --netwrk (did you mean --network?)", 3, 5, startLine: 2);
    }

    [Fact]
    public void Duplicate_flag_points_at_the_second_occurrence()
    {
        TestNodes.Fails("COPY --from=a --from=b x y", InstructionErrorIds.DuplicateFlag, "duplicate flag specified: --from", 1, 15);
    }

    [Fact]
    public void Instructions_without_flags_reject_any_flag()
    {
        TestNodes.Fails("  ENV --x=1 a=b", InstructionErrorIds.UnknownFlag, "unknown flag: --x", 1, 7);
    }
}
