using System.Text.Json;
using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Instructions;
using Kiln.Dockerfile.Syntax;

namespace Kiln.Dockerfile.Tests.Instructions;

/// <summary>
/// Builds <see cref="InstructionNode"/>s by hand (the real parser is written in parallel), following the
/// argument shapes of conformance/buildkit/README.md §1.2, and runs them through <see cref="InstructionParser"/>.
/// </summary>
internal static class TestNodes
{
    public const string FilePath = "Dockerfile";

    /// <summary>
    /// A node for the instruction starting on <paramref name="line"/> of <paramref name="text"/>
    /// (lines ending in a backslash continue it). Flags are the leading <c>--</c> words, unquoted as written.
    /// </summary>
    public static (InstructionNode Node, SourceFile Source) Node(string text, int line = 1, IReadOnlyList<Heredoc>? heredocs = null)
    {
        var source = new SourceFile(FilePath, text);
        var last = line;
        var logical = source.GetLine(line).TrimEnd();
        while (logical.EndsWith('\\') && last < source.LineCount)
        {
            logical = logical[..^1] + source.GetLine(++last).TrimEnd();
        }

        var node = Build(logical.Trim(), SourceRange.Lines(line, last), heredocs ?? []);
        return (node, source);
    }

    public static Instruction Parse(string text, int line = 1, IReadOnlyList<Heredoc>? heredocs = null)
    {
        var (node, source) = Node(text, line, heredocs);
        return new InstructionParser().Parse(node, source);
    }

    public static T Parse<T>(string text, int line = 1, IReadOnlyList<Heredoc>? heredocs = null)
        where T : Instruction => Assert.IsType<T>(Parse(text, line, heredocs));

    /// <summary>Asserts parsing fails with <paramref name="id"/>, exactly <paramref name="message"/>, at line:column.</summary>
    public static Diagnostic Fails(string text, string id, string message, int line, int column, int startLine = 1)
    {
        var ex = Assert.Throws<DockerfileException>(() => Parse(text, startLine));
        var d = ex.Diagnostic;
        Assert.Equal(message, d.Message);
        Assert.Equal(id, d.Id);
        Assert.Equal(FilePath, d.FilePath);
        Assert.NotNull(d.Range);
        Assert.Equal(new SourcePosition(line, column), d.Range.Value.Start);
        return d;
    }

    private static InstructionNode Build(string logical, SourceRange range, IReadOnlyList<Heredoc> heredocs)
    {
        var (keyword, rest) = SplitFirst(logical);
        var flags = new List<string>();
        while (rest.StartsWith("--", StringComparison.Ordinal))
        {
            var (flag, after) = SplitFirst(rest);
            rest = after;
            if (flag == "--")
            {
                break;
            }

            flags.Add(flag);
        }

        var isJson = false;
        List<string> args;
        InstructionNode? next = null;
        switch (keyword.ToLowerInvariant())
        {
            case "run" or "cmd" or "entrypoint" or "shell":
                args = TryJson(rest, out isJson) ?? (rest.Length == 0 ? [] : [rest]);
                break;
            case "add" or "copy" or "volume":
                args = TryJson(rest, out isJson) ?? Words(rest);
                break;
            case "maintainer" or "user" or "workdir" or "stopsignal":
                args = rest.Length == 0 ? [] : [rest];
                break;
            case "env" or "label":
                args = [];
                var words = Words(rest);
                if (words.Count > 0 && !words[0].Contains('=', StringComparison.Ordinal))
                {
                    var (k, v) = SplitFirst(rest);
                    args.AddRange([k, v, string.Empty]);
                }
                else
                {
                    foreach (var w in words)
                    {
                        var eq = w.IndexOf('=', StringComparison.Ordinal);
                        args.AddRange([w[..eq], w[(eq + 1)..], "="]);
                    }
                }

                break;
            case "healthcheck":
                var (type, cmd) = SplitFirst(rest);
                args = type.Length == 0 ? [] : [type, .. TryJson(cmd, out isJson) ?? (cmd.Length == 0 ? [] : [cmd])];
                break;
            case "onbuild":
                args = [];
                next = rest.Length == 0 ? null : Build(rest, range, heredocs);
                break;
            default:
                args = Words(rest);
                break;
        }

        return new InstructionNode
        {
            Keyword = keyword,
            Flags = flags,
            Arguments = args,
            IsJsonForm = isJson,
            Next = next,
            Heredocs = next is null ? heredocs : [],
            Original = logical,
            Range = range,
        };
    }

    private static List<string>? TryJson(string rest, out bool isJson)
    {
        isJson = false;
        if (!rest.StartsWith('['))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(rest);
            isJson = true;
            return doc.RootElement.EnumerateArray().Select(e => e.GetString()!).ToList();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static List<string> Words(string s) => s.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList();

    private static (string First, string Remainder) SplitFirst(string s)
    {
        s = s.TrimStart();
        var i = s.IndexOfAny([' ', '\t']);
        return i < 0 ? (s, string.Empty) : (s[..i], s[i..].Trim());
    }
}
