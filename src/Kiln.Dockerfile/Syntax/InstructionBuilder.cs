using Kiln.Dockerfile.Diagnostics;

namespace Kiln.Dockerfile.Syntax;

/// <summary>
/// Turns one joined logical line into an <see cref="InstructionNode"/>: keyword, <c>--flags</c>
/// (DF-LEX-FLAGS) and the per-instruction argument shape of conformance README §1.2 (exec form,
/// ENV/LABEL triples, ARG words, HEALTHCHECK, ONBUILD nesting, whitespace and single-string forms).
/// </summary>
internal sealed class InstructionBuilder(string filePath, char escape, LogicalLine logical)
{
    /// <summary>Builds the node for <paramref name="text"/>, which starts at <paramref name="baseOffset"/> of the logical line.</summary>
    public InstructionNode Build(string text, int baseOffset, SourcePosition end, IReadOnlyList<string> comments)
    {
        var lead = 0;
        while (lead < text.Length && char.IsWhiteSpace(text[lead]))
        {
            lead++;
        }

        var line = text.Trim();
        var origin = baseOffset + lead;
        var keywordEnd = 0;
        while (keywordEnd < line.Length && !SyntaxWords.IsAsciiBlank(line[keywordEnd]))
        {
            keywordEnd++;
        }

        var keyword = line[..keywordEnd];
        var restStart = keywordEnd;
        while (restStart < line.Length && SyntaxWords.IsAsciiBlank(line[restStart]))
        {
            restStart++;
        }

        var flags = new List<string>();
        var argsStart = restStart < line.Length ? SyntaxWords.ExtractFlags(line, restStart, escape, flags) : line.Length;
        while (argsStart < line.Length && char.IsWhiteSpace(line[argsStart]))
        {
            argsStart++;
        }

        var rest = line[argsStart..].TrimEnd();
        var restOrigin = origin + argsStart;
        var isJson = false;
        InstructionNode? next = null;
        IReadOnlyList<string> arguments;
        switch (keyword.ToLowerInvariant())
        {
            case "add":
            case "copy":
            case "volume":
                arguments = ParseExecForm(rest, restOrigin, out isJson) ?? SyntaxWords.SplitAsciiWhitespace(rest);
                break;
            case "cmd":
            case "entrypoint":
            case "run":
            case "shell":
                arguments = rest.Length == 0 ? [] : ParseExecForm(rest, restOrigin, out isJson) ?? [rest];
                break;
            case "from":
            case "expose":
                arguments = SyntaxWords.SplitAsciiWhitespace(rest);
                break;
            case "maintainer":
            case "stopsignal":
            case "user":
            case "workdir":
                arguments = rest.Length == 0 ? [] : [rest];
                break;
            case "env":
            case "label":
                arguments = ParseKeyValues(rest, restOrigin, keyword.ToUpperInvariant());
                break;
            case "arg":
                arguments = SyntaxWords.SplitKeepingQuotes(rest, escape);
                break;
            case "healthcheck":
                arguments = ParseHealthcheck(rest, restOrigin, out isJson);
                break;
            case "onbuild":
                arguments = [];
                next = rest.Length == 0 ? null : Build(rest, restOrigin, end, []);
                break;
            default:
                // Unknown keywords are reported by the instruction layer; the raw node carries one empty argument.
                arguments = [string.Empty];
                break;
        }

        return new InstructionNode
        {
            Keyword = keyword,
            Flags = flags,
            Arguments = arguments,
            IsJsonForm = isJson,
            Next = next,
            Original = line,
            Range = new SourceRange(logical.PositionOf(origin), end),
            PrecedingComments = comments,
        };
    }

    /// <summary>The JSON array of strings, or null for shell form; a non-string element is an error.</summary>
    private List<string>? ParseExecForm(string rest, int restOrigin, out bool isJson)
    {
        isJson = false;
        if (rest.Length == 0 || rest[0] != '[')
        {
            return null;
        }

        switch (JsonStringArray.Parse(rest, out var values))
        {
            case JsonArrayOutcome.Strings:
                isJson = true;
                return values;
            case JsonArrayOutcome.NotStringArray:
                throw Error(
                    SyntaxErrorIds.NotStringArray,
                    "when using JSON array syntax, arrays must be comprised of strings only",
                    restOrigin,
                    rest.Length);
            default:
                return null;
        }
    }

    private List<string> ParseHealthcheck(string rest, int restOrigin, out bool isJson)
    {
        isJson = false;
        var sep = 0;
        while (sep < rest.Length && !char.IsWhiteSpace(rest[sep]))
        {
            sep++;
        }

        if (sep == 0)
        {
            return [];
        }

        var next = sep;
        while (next < rest.Length && char.IsWhiteSpace(rest[next]))
        {
            next++;
        }

        var result = new List<string> { rest[..sep] };
        var command = rest[next..];
        if (command.Length > 0)
        {
            result.AddRange(ParseExecForm(command, restOrigin + next, out isJson) ?? [command]);
        }

        return result;
    }

    /// <summary>ENV/LABEL: flattened (key, value, separator) triples, legacy <c>KEY value</c> or <c>k=v</c> words.</summary>
    private List<string> ParseKeyValues(string rest, int restOrigin, string instruction)
    {
        var offsets = new List<int>();
        var words = SyntaxWords.SplitKeepingQuotes(rest, escape, offsets);
        if (words.Count == 0)
        {
            return [];
        }

        if (!words[0].Contains('=', StringComparison.Ordinal))
        {
            var keyEnd = 0;
            while (keyEnd < rest.Length && !SyntaxWords.IsAsciiBlank(rest[keyEnd]))
            {
                keyEnd++;
            }

            var valueStart = keyEnd;
            while (valueStart < rest.Length && SyntaxWords.IsAsciiBlank(rest[valueStart]))
            {
                valueStart++;
            }

            if (keyEnd == rest.Length)
            {
                throw Error(SyntaxErrorIds.MissingValue, instruction + " must have two arguments", restOrigin, keyEnd);
            }

            return [rest[..keyEnd], rest[valueStart..], string.Empty];
        }

        var triples = new List<string>(words.Count * 3);
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            var eq = word.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                throw Error(
                    SyntaxErrorIds.MissingEquals,
                    "Syntax error - can't find = in " + SyntaxDump.Quote(word) + ". Must be of the form: name=value",
                    restOrigin + offsets[i],
                    word.Length);
            }

            triples.Add(word[..eq]);
            triples.Add(word[(eq + 1)..]);
            triples.Add("=");
        }

        return triples;
    }

    private DockerfileException Error(string id, string message, int offset, int length)
    {
        var start = logical.PositionOf(offset);
        var last = logical.PositionOf(offset + Math.Max(length, 1) - 1);
        var range = last.Line == start.Line ? SourceRange.OnLine(start.Line, start.Column, last.Column - start.Column + 1) : new SourceRange(start, start);
        return new DockerfileException(id, message, filePath, range);
    }
}
