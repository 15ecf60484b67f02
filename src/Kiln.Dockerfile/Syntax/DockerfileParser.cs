using System.Text;
using Kiln.Dockerfile.Diagnostics;

namespace Kiln.Dockerfile.Syntax;

/// <summary>
/// The Dockerfile parser: text to raw syntax tree (conformance/buildkit README §1-4). Handles the BOM and
/// CRLF (DF-LEX-BOM/LINES), parser directives (DF-DIR-*), comments and continuations (DF-LEX-CONT*),
/// the line-length limit (DF-LEX-MAXLINE), flags and argument shapes, and here-documents (DF-HEREDOC-*).
/// Stateless and thread-safe: one instance can parse many files concurrently.
/// </summary>
public sealed class DockerfileParser
{
    /// <summary>The longest physical line accepted, in UTF-8 bytes.</summary>
    public const int MaxLineBytes = 65535;

    /// <summary>Parses <paramref name="source"/>; throws <see cref="DockerfileException"/> (KILN1001-KILN1099) when it is invalid.</summary>
    public DockerfileSyntax Parse(SourceFile source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var path = source.Path;
        if (source.Text.Length == 0)
        {
            throw new DockerfileException(SyntaxErrorIds.EmptyFile, "the Dockerfile cannot be empty", path, SourceRange.OnLine(1, 1, 1));
        }

        var lineCount = source.LineCount;
        CheckLineLengths(source, lineCount, cancellationToken);

        var escape = '\\';
        string? syntax = null;
        string? check = null;
        SourceRange? checkRange = null;
        var directivesDone = false;
        var seenDirectives = new HashSet<string>(StringComparer.Ordinal);

        var instructions = new List<InstructionNode>();
        var warnings = new List<Diagnostic>();
        var comments = new List<string>();
        var logical = new LogicalLine();
        InstructionBuilder? builder = null;

        var lineNo = 0;
        var iterations = 0;
        while (lineNo < lineCount)
        {
            if ((++iterations & 0xFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            lineNo++;
            var raw = source.GetLine(lineNo);
            var indent = LeadingWhitespace(raw);
            var text = raw.AsSpan(indent);

            if (!directivesDone)
            {
                if (DirectiveLine.TryParse(text, "#") is { } directive
                    && directive.Key is "syntax" or "escape" or "check")
                {
                    var keyColumn = indent + directive.KeyIndex + 1;
                    var valueColumn = indent + directive.ValueIndex + 1;
                    if (!seenDirectives.Add(directive.Key))
                    {
                        throw new DockerfileException(
                            SyntaxErrorIds.DuplicateDirective,
                            $"only one {directive.Key} parser directive can be used",
                            path,
                            SourceRange.OnLine(lineNo, keyColumn, directive.Key.Length));
                    }

                    switch (directive.Key)
                    {
                        case "escape":
                            if (directive.Value is not ("\\" or "`"))
                            {
                                throw new DockerfileException(
                                    SyntaxErrorIds.InvalidEscape,
                                    $"invalid escape token '{directive.Value}' does not match ` or \\",
                                    path,
                                    SourceRange.OnLine(lineNo, valueColumn, directive.Value.Length),
                                    "use # escape=\\ or # escape=`");
                            }

                            escape = directive.Value[0];
                            break;
                        case "syntax":
                            syntax = directive.Value;
                            break;
                        default:
                            check = directive.Value;
                            checkRange = SourceRange.OnLine(lineNo, valueColumn, directive.Value.Length);
                            break;
                    }

                    continue;
                }

                directivesDone = true;
            }

            if (text.Length > 0 && text[0] == '#')
            {
                var comment = text[1..].Trim();
                if (comment.IsEmpty)
                {
                    comments.Clear();
                }
                else
                {
                    comments.Add(comment.ToString());
                }

                continue;
            }

            var content = TrimContinuation(text, escape, out var continues);
            if (!continues && content.IsEmpty)
            {
                comments.Clear();
                continue;
            }

            logical.Clear();
            logical.Append(content, lineNo, indent + 1);
            var hasEmptyContinuation = false;
            while (continues && lineNo < lineCount)
            {
                lineNo++;
                var next = source.GetLine(lineNo);
                var nextIndent = LeadingWhitespace(next);
                if (nextIndent == next.Length)
                {
                    hasEmptyContinuation = true;
                    continue;
                }

                if (next[nextIndent] == '#')
                {
                    continue;
                }

                content = TrimContinuation(next, escape, out continues);
                logical.Append(content, lineNo, 1);
            }

            var joined = logical.ToString();
            if (string.IsNullOrWhiteSpace(joined))
            {
                comments.Clear();
                continue;
            }

            builder ??= new InstructionBuilder(path, escape, logical);
            var endPosition = EndOf(source, lineNo);
            var node = builder.Build(joined, 0, endPosition, comments.Count == 0 ? [] : [.. comments]);
            comments.Clear();

            if (hasEmptyContinuation)
            {
                warnings.Add(new Diagnostic
                {
                    Id = "NoEmptyContinuation",
                    Severity = DiagnosticSeverity.Warning,
                    Message = "Empty continuation line found in: " + node.Original,
                    FilePath = path,
                    Range = node.Range,
                    Description = "Empty continuation lines will become errors in a future release",
                    Url = "https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/",
                });
            }

            if (CanContainHeredoc(node) && joined.Contains("<<", StringComparison.Ordinal))
            {
                node = ReadHeredocs(source, logical, joined, node, ref lineNo, lineCount);
            }

            instructions.Add(node);
        }

        if (instructions.Count == 0)
        {
            throw new DockerfileException(
                SyntaxErrorIds.NoInstructions,
                "file with no instructions",
                path,
                SourceRange.OnLine(Math.Max(1, lineCount), 1, 1));
        }

        return new DockerfileSyntax
        {
            Source = source,
            Directives = new ParserDirectives { EscapeToken = escape, Syntax = syntax, Check = check, CheckRange = checkRange },
            Instructions = instructions,
            Warnings = warnings,
            Range = new SourceRange(instructions[0].Range.Start, instructions[^1].Range.End),
        };
    }

    private static void CheckLineLengths(SourceFile source, int lineCount, CancellationToken cancellationToken)
    {
        for (var line = 1; line <= lineCount; line++)
        {
            var text = source.GetLine(line);

            // A UTF-16 char encodes to at most 3 UTF-8 bytes, so most lines need no byte count.
            if (text.Length * 3 > MaxLineBytes && Encoding.UTF8.GetByteCount(text) > MaxLineBytes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new DockerfileException(
                    SyntaxErrorIds.LineTooLong,
                    $"dockerfile line greater than max allowed size of {MaxLineBytes}",
                    source.Path,
                    SourceRange.OnLine(line, 1, 1));
            }
        }
    }

    private static int LeadingWhitespace(string line)
    {
        var i = 0;
        while (i < line.Length && char.IsWhiteSpace(line[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// Removes a trailing continuation (escape char, then optional spaces/tabs) from a physical line. An escape
    /// preceded by another escape is an escaped escape, not a continuation (DF-LEX-CONT-ESCAPED).
    /// </summary>
    private static ReadOnlySpan<char> TrimContinuation(ReadOnlySpan<char> line, char escape, out bool continues)
    {
        var end = line.Length;
        while (end > 0 && line[end - 1] is ' ' or '\t')
        {
            end--;
        }

        if (end > 0 && line[end - 1] == escape && !(end > 1 && line[end - 2] == escape))
        {
            continues = true;
            return line[..(end - 1)];
        }

        continues = false;
        return line;
    }

    private static SourcePosition EndOf(SourceFile source, int line) =>
        new(line, Math.Max(1, source.GetLine(line).Length));

    /// <summary>RUN/COPY/ADD (also inside ONBUILD), never in exec form (DF-HEREDOC-NOT).</summary>
    private static bool CanContainHeredoc(InstructionNode node)
    {
        var target = node.Next ?? node;
        return !target.IsJsonForm && target.Name is "run" or "copy" or "add";
    }

    /// <summary>Reads the bodies of the heredocs the line declares, in order (DF-HEREDOC-BASIC/MULTI/CHOMP).</summary>
    private static InstructionNode ReadHeredocs(
        SourceFile source, LogicalLine logical, string joined, InstructionNode node, ref int lineNo, int lineCount)
    {
        var offsets = new List<int>();
        var declared = HeredocWords.FromLine(joined, offsets, out var error, out var errorOffset);
        if (error is not null)
        {
            var at = logical.PositionOf(errorOffset);
            throw new DockerfileException(SyntaxErrorIds.HeredocQuote, error, source.Path, SourceRange.OnLine(at.Line, at.Column, 2));
        }

        if (declared.Count == 0)
        {
            return node;
        }

        var heredocs = new List<Heredoc>(declared.Count);
        var body = new StringBuilder();
        for (var h = 0; h < declared.Count; h++)
        {
            var heredoc = declared[h];
            body.Clear();
            var terminated = false;
            while (lineNo < lineCount)
            {
                lineNo++;
                var line = source.GetLine(lineNo);
                var candidate = heredoc.Chomp ? line.AsSpan().TrimStart('\t') : line.AsSpan();
                if (candidate.SequenceEqual(heredoc.Name))
                {
                    terminated = true;
                    break;
                }

                body.Append(line).Append('\n');
            }

            if (!terminated)
            {
                var at = logical.PositionOf(offsets[h]);
                throw new DockerfileException(
                    SyntaxErrorIds.UnterminatedHeredoc,
                    "unterminated heredoc",
                    source.Path,
                    SourceRange.OnLine(at.Line, at.Column, 2),
                    $"end the here-document with a line containing only {heredoc.Name}");
            }

            heredocs.Add(heredoc with { Content = body.ToString() });
        }

        var end = EndOf(source, lineNo);
        var next = node.Next is null ? null : node.Next with { Heredocs = heredocs, Range = node.Next.Range with { End = end } };
        return node with { Heredocs = heredocs, Next = next, Range = node.Range with { End = end } };
    }
}
