using Kiln.Dockerfile.Shell;

namespace Kiln.Dockerfile.Tests.Shell;

/// <summary>Runs every BuildKit shell-lexer vector (envVarTest, wordsTest, word-expansion-cases.json).</summary>
public sealed class ShellVectorTests
{
    private static readonly string[] EnvVarTestEnvironment = ["PWD=/home", "SHELL=bash", "KOREAN=한국어", "NULL="];

    public static TheoryData<string> NonWindowsEnvVarIds() =>
        Ids(ShellVectors.EnvVar.Where(v => v.Value.Platform is 'A' or 'U').Select(v => v.Key));

    public static TheoryData<string> WindowsEnvVarIds() =>
        Ids(ShellVectors.EnvVar.Where(v => v.Value.Platform is 'A' or 'W').Select(v => v.Key));

    public static TheoryData<string> WordsIds() => Ids(ShellVectors.Words.Keys);

    public static TheoryData<string> ExpansionCaseIds() => Ids(ShellVectors.Cases.Keys);

    [Fact]
    public void Vector_files_are_complete()
    {
        Assert.Equal(230, ShellVectors.EnvVar.Count);
        Assert.Equal(2, ShellVectors.EnvVar.Values.Count(v => v.Platform == 'U'));
        Assert.Equal(2, ShellVectors.EnvVar.Values.Count(v => v.Platform == 'W'));
        Assert.Equal(24, ShellVectors.Words.Count);
        Assert.Equal(56, ShellVectors.Cases.Count);
    }

    [Theory]
    [MemberData(nameof(NonWindowsEnvVarIds))]
    public void EnvVarTest(string id) => RunEnvVar(id, caseInsensitive: false);

    [Theory]
    [MemberData(nameof(WindowsEnvVarIds))]
    public void EnvVarTest_windows_case_insensitive(string id) => RunEnvVar(id, caseInsensitive: true);

    [Theory]
    [MemberData(nameof(WordsIds))]
    public void WordsTest(string id)
    {
        var vector = ShellVectors.Words[id];
        var env = ShellEnvironment.FromPairs(vector.Env);
        var lexer = new ShellLexer('\\');
        IReadOnlyList<string> actual;
        try
        {
            actual = lexer.ProcessWords(vector.Input, env).Words;
        }
        catch (ShellExpansionException)
        {
            actual = ["error"];
        }

        Assert.Equal(vector.Expected, actual);
    }

    [Theory]
    [MemberData(nameof(ExpansionCaseIds))]
    public void WordExpansionCase(string id)
    {
        var c = ShellVectors.Cases[id];
        var env = ShellEnvironment.FromPairs(c.Env);
        var lexer = new ShellLexer('\\');
        if (c.ExpectError)
        {
            var ex = Assert.Throws<ShellExpansionException>(() => lexer.ProcessWord(c.Input, env));
            if (c.ErrorContains is not null)
            {
                Assert.Contains(c.ErrorContains, ex.Message, StringComparison.Ordinal);
            }

            return;
        }

        var result = lexer.ProcessWord(c.Input, env);
        Assert.Equal(c.Expected, result.Value);
        if (c.Matched is not null)
        {
            Assert.Equal(c.Matched.Order(StringComparer.Ordinal), result.Matched.Order(StringComparer.Ordinal));
        }

        if (c.Unmatched is not null)
        {
            Assert.Equal(c.Unmatched.Order(StringComparer.Ordinal), result.Unmatched.Order(StringComparer.Ordinal));
        }
    }

    private static void RunEnvVar(string id, bool caseInsensitive)
    {
        var vector = ShellVectors.EnvVar[id];
        var env = ShellEnvironment.FromAssignments(EnvVarTestEnvironment, caseInsensitive);
        var lexer = new ShellLexer('\\');
        if (vector.Expected is null)
        {
            Assert.Throws<ShellExpansionException>(() => lexer.ProcessWord(vector.Input, env));
        }
        else
        {
            Assert.Equal(vector.Expected, lexer.ProcessWord(vector.Input, env).Value);
        }
    }

    private static TheoryData<string> Ids(IEnumerable<string> ids)
    {
        var data = new TheoryData<string>();
        foreach (var id in ids)
        {
            data.Add(id);
        }

        return data;
    }
}
