using Kiln.Dockerfile.Shell;

namespace Kiln.Dockerfile.Tests.Shell;

/// <summary>Lexer behaviour beyond the vectors: escape token, options, error details, word splitting.</summary>
public sealed class ShellLexerTests
{
    private static readonly ShellEnvironment Env = ShellEnvironment.FromAssignments(["PWD=/home", "EMPTY=", "TWO=a b"]);

    private static string Word(string input, char escape = '\\', ShellLexerOptions options = ShellLexerOptions.None) =>
        new ShellLexer(escape, options).ProcessWord(input, Env).Value;

    [Theory]
    [InlineData("he`$PWD", "he$PWD")]
    [InlineData("he\\$PWD", "he\\/home")]
    [InlineData("a`'b", "a'b")]
    [InlineData("\"a`\"b\"", "a\"b")]
    [InlineData("\"a`$PWD\"", "a$PWD")]
    [InlineData("\"a``b\"", "a`b")]
    [InlineData("\"a`tb\"", "a`tb")]
    [InlineData("C:\\path\\$PWD", "C:\\path\\/home")]
    [InlineData("trailing`", "trailing")]
    [InlineData("${X:-a`}b}", "a}b")]
    public void Backtick_escape_token(string input, string expected) => Assert.Equal(expected, Word(input, '`'));

    [Theory]
    [InlineData("echo '$PWD' \"$PWD\"", "echo '/home' \"/home\"")]
    [InlineData("it's \\$PWD", "it's $PWD")]
    [InlineData("unterminated \"quote", "unterminated \"quote")]
    [InlineData("a\\\\b", "a\\b")]
    [InlineData("${X:-\"d\"}", "\"d\"")]
    public void SkipProcessQuotes_processes_only_dollar_and_escapes(string input, string expected) =>
        Assert.Equal(expected, Word(input, '\\', ShellLexerOptions.SkipProcessQuotes));

    [Fact]
    public void Heredoc_options_from_the_expansion_table_keep_quotes()
    {
        var lexer = new ShellLexer(ExpansionTable.HeredocEscapeToken, ExpansionTable.HeredocOptions);
        Assert.Equal("line 'one' /home\n\"two\"\n", lexer.ProcessWord("line 'one' $PWD\n\"two\"\n", Env).Value);
    }

    [Theory]
    [InlineData("$X-$PWD", "$X-/home")]
    [InlineData("${X}", "${X}")]
    [InlineData("${X:-def}", "${X:-def}")]
    [InlineData("${X-def}", "${X-def}")]
    [InlineData("${X?msg}", "${X?msg}")]
    [InlineData("${X#a*}", "${X#a*}")]
    [InlineData("${X%%a}", "${X%%a}")]
    [InlineData("${X//a/b}", "${X//a/b}")]
    [InlineData("${PWD:-x}", "/home")]
    [InlineData("${EMPTY:-x}", "x")]
    [InlineData("$1", "$1")]
    public void SkipUnsetEnv_leaves_unset_references(string input, string expected) =>
        Assert.Equal(expected, Word(input, '\\', ShellLexerOptions.SkipUnsetEnv));

    [Theory]
    [InlineData("'a b'\"$PWD\"c", "'a b'\"/home\"c")]
    [InlineData("\"it's\"", "\"it's\"")]
    [InlineData("x'\"'y", "x'\"'y")]
    public void RawQuotes_keeps_quotes(string input, string expected) =>
        Assert.Equal(expected, Word(input, '\\', ShellLexerOptions.RawQuotes));

    [Theory]
    [InlineData("a\\ b\\$PWD", "a\\ b\\$PWD")]
    [InlineData("\"a\\\"b\"", "a\\\"b")]
    [InlineData("\"a\\tb\"", "a\\tb")]
    public void RawEscapes_keeps_escapes(string input, string expected) =>
        Assert.Equal(expected, Word(input, '\\', ShellLexerOptions.RawEscapes));

    [Theory]
    [InlineData("abc ${X?}", 4, "X: is not allowed to be unset")]
    [InlineData("${EMPTY:?}", 0, "EMPTY: is not allowed to be empty")]
    [InlineData("x${X:?need $PWD}", 1, "X: need /home")]
    [InlineData("ab\"cd", 2, "unexpected end of statement while looking for matching double-quote")]
    [InlineData("ab'cd", 2, "unexpected end of statement while looking for matching single-quote")]
    [InlineData("a ${PWD", 2, "syntax error: missing '}'")]
    [InlineData("a${}", 1, "syntax error: bad substitution")]
    [InlineData("${:-x}", 0, "syntax error: bad substitution")]
    [InlineData("xx${PWD:=1}", 2, "unsupported modifier (:=) in substitution")]
    [InlineData("${PWD=1}", 0, "unsupported modifier (=) in substitution")]
    [InlineData("${PWD:#x}", 0, "unsupported modifier (:#) in substitution")]
    [InlineData("${PWD/x}", 0, "syntax error: missing '/' in ${}")]
    [InlineData("${PWD#\\x}", 0, "invalid pattern (\\x) in substitution: invalid escape '\\x'")]
    [InlineData("$PWD ${A:-${B?inner}}", 10, "B: inner")]
    public void Errors_carry_detail_and_offset(string input, int offset, string detail)
    {
        var ex = Assert.Throws<ShellExpansionException>(() => Word(input));
        Assert.Equal(detail, ex.Detail);
        Assert.Equal(offset, ex.Offset);
        Assert.Equal(input, ex.Word);
        Assert.StartsWith("failed to process \"", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith(": " + detail, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a \"\" b", new[] { "a", "b" })]
    [InlineData("$TWO", new[] { "a", "b" })]
    [InlineData("\"$TWO\"", new[] { "a b" })]
    [InlineData("x${EMPTY}y z", new[] { "xy", "z" })]
    [InlineData("a\\ b\tc\nd", new[] { "a b", "c", "d" })]
    [InlineData("   ", new string[0])]
    [InlineData("${TWO:+'p q'} r", new[] { "p", "q", "r" })]
    public void ProcessWords_splits_on_unquoted_whitespace(string input, string[] expected) =>
        Assert.Equal(expected, new ShellLexer().ProcessWords(input, Env).Words);

    [Fact]
    public void ProcessWords_reports_matches()
    {
        var result = new ShellLexer().ProcessWords("$PWD $NOPE ${X:-$EMPTY}", Env);
        Assert.Equal(["/home"], result.Words);
        Assert.Equal(["EMPTY", "PWD"], result.Matched.Order(StringComparer.Ordinal));
        Assert.Equal(["NOPE", "X"], result.Unmatched.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("$1 ${@} $$ $0", "   ")]
    [InlineData("$Ünïcødé_1x", "u")]
    [InlineData("${Ünïcødé_1x}", "u")]
    [InlineData("$변수!", "값!")]
    [InlineData("$a-b", "A-b")]
    public void Names_and_special_parameters(string input, string expected)
    {
        var env = ShellEnvironment.FromAssignments(["Ünïcødé_1x=u", "변수=값", "a=A", "1=one", "@=at"]);
        var result = new ShellLexer().ProcessWord(input, env);
        Assert.Equal(expected, result.Value);
        Assert.DoesNotContain("1", result.Matched);
        Assert.DoesNotContain("1", result.Unmatched);
    }

    [Theory]
    [InlineData("${V#*/}", "a/b/c.tar.gz", "b/c.tar.gz")]
    [InlineData("${V##*/}", "a/b/c.tar.gz", "c.tar.gz")]
    [InlineData("${V%.*}", "a/b/c.tar.gz", "a/b/c.tar")]
    [InlineData("${V%%.*}", "a/b/c.tar.gz", "a/b/c")]
    [InlineData("${V%%?}", "한국어", "한국")]
    [InlineData("${V#??}", "😀x😀y", "😀y")]
    [InlineData("${V/?/-}", "😀x", "-x")]
    [InlineData("${V//a/}", "banana", "bnn")]
    [InlineData("${V//a*/X}", "banana", "bX")]
    [InlineData("${V/a*n/X}", "banana", "bXa")]
    [InlineData("${V//\\}/)}", "{x}", "{x)")]
    [InlineData("${V##*}", "abc", "")]
    [InlineData("${V%%*}", "abc", "")]
    [InlineData("${V%*}", "abc", "abc")]
    [InlineData("${V/x/y}", "abc", "abc")]
    [InlineData("${V//*/<$V>}", "ab", "<ab>")]
    public void Pattern_operators(string input, string value, string expected)
    {
        var env = ShellEnvironment.FromAssignments(["V=" + value]);
        Assert.Equal(expected, new ShellLexer().ProcessWord(input, env).Value);
    }

    [Fact]
    public void Wildcards_do_not_match_newlines()
    {
        var env = ShellEnvironment.FromAssignments(["V=a\nb/c"]);
        Assert.Equal("c", new ShellLexer().ProcessWord("${V##*/}", ShellEnvironment.FromAssignments(["V=ab/c"])).Value);
        Assert.Equal("a\nb/c", new ShellLexer().ProcessWord("${V##*/}", env).Value);
    }

    [Fact]
    public void Rejects_unknown_escape_token() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShellLexer('^'));

    [Fact]
    public void Long_words_are_processed_quickly()
    {
        var word = string.Concat(Enumerable.Repeat("x$PWD\\ 'q' \"$EMPTY\" ", 20_000));
        var result = new ShellLexer().ProcessWords(word, Env);
        Assert.Equal(20_000, result.Words.Count);
        Assert.All(result.Words, w => Assert.Equal("x/home q", w));
    }
}
