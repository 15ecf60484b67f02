using System.Text.Json;
using Kiln.Dockerfile.Diagnostics;

namespace Kiln.Dockerfile.Syntax;

/// <summary>
/// Detects the <c>syntax</c> directive without parsing the file (DF-DIR-SYNTAX-ALT): in the leading
/// <c># syntax=</c> directive block, else in a leading <c>// syntax=</c> block, else in a JSON document
/// <c>{"syntax": "..."}</c>; a leading <c>#!</c> shebang line is skipped first.
/// </summary>
public static class SyntaxDirectiveDetector
{
    /// <summary>Returns the syntax directive of <paramref name="text"/>, or null when there is none.</summary>
    public static SyntaxDirective? Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var firstLine = 1;
        if (text.StartsWith("#!", StringComparison.Ordinal))
        {
            var newline = text.IndexOf('\n', StringComparison.Ordinal);
            text = newline < 0 ? string.Empty : text[(newline + 1)..];
            firstLine = 2;
        }

        return FromDirectives(text, "#", firstLine) ?? FromDirectives(text, "//", firstLine) ?? FromJson(text, firstLine);
    }

    private static SyntaxDirective? FromDirectives(string text, string prefix, int firstLine)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lineNo = firstLine - 1;
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            lineNo++;
            var indent = 0;
            while (indent < rawLine.Length && char.IsWhiteSpace(rawLine[indent]))
            {
                indent++;
            }

            var directive = DirectiveLine.TryParse(rawLine[indent..], prefix);
            if (directive is not { } d || d.Key is not ("syntax" or "escape" or "check") || !seen.Add(d.Key))
            {
                return null;
            }

            if (d.Key == "syntax")
            {
                return Create(d.Value, SourceRange.OnLine(lineNo, indent + d.ValueIndex + 1, d.Value.Length));
            }
        }

        return null;
    }

    private static SyntaxDirective? FromJson(string text, int firstLine)
    {
        if (!text.AsSpan().TrimStart().StartsWith("{", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            string? value = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                // The document must be an object of strings, as a map of string to string.
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    return null;
                }

                if (property.Name == "syntax")
                {
                    value = property.Value.GetString();
                }
            }

            return value is null ? null : Create(value, SourceRange.Lines(firstLine, firstLine));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static SyntaxDirective Create(string value, SourceRange range)
    {
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        return space < 0
            ? new SyntaxDirective(value, value, string.Empty, range)
            : new SyntaxDirective(value, value[..space], value[(space + 1)..], range);
    }
}
