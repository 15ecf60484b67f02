using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Syntax;

namespace Kiln.Dockerfile.Instructions;

/// <summary>
/// Finds where parts of one instruction (keyword, flags, argument words) are in the source text so
/// errors point at the right line and column (DF-LEX-LOCATION), and throws the diagnostics.
/// </summary>
internal sealed class InstructionLocator
{
    private readonly SourceFile? _source;
    private readonly int _firstLine;
    private readonly int _lastLine;
    private SourcePosition[]? _flagPositions;
    private int[]? _flagLengths;

    public InstructionLocator(InstructionNode node, SourceFile? source, int keywordSearchColumn = 1)
    {
        Node = node;
        _source = source;
        FilePath = source?.Path;
        _firstLine = node.Range.Start.Line;
        _lastLine = Math.Max(_firstLine, node.Range.End.Line);
        KeywordRange = FindKeyword(keywordSearchColumn);
    }

    public InstructionNode Node { get; }

    public string? FilePath { get; }

    public SourceFile? Source => _source;

    /// <summary>The range of the keyword (line of the instruction, column of the keyword).</summary>
    public SourceRange KeywordRange { get; }

    /// <summary>The column just after the keyword, where a nested ONBUILD instruction is searched.</summary>
    public int AfterKeywordColumn => KeywordRange.End.Column + 1;

    public SourceRange FlagRange(int index)
    {
        ComputeFlagPositions();
        if (index < 0 || index >= _flagPositions!.Length || _flagPositions[index].Line == 0)
        {
            return KeywordRange;
        }

        var p = _flagPositions[index];
        return SourceRange.OnLine(p.Line, p.Column, _flagLengths![index]);
    }

    /// <summary>The range of <paramref name="text"/> after the keyword and flags, or the keyword's.</summary>
    public SourceRange TextRange(string text)
    {
        if (_source is null || string.IsNullOrEmpty(text))
        {
            return KeywordRange;
        }

        ComputeFlagPositions();
        var start = new SourcePosition(KeywordRange.Start.Line, AfterKeywordColumn);
        for (var i = _flagPositions!.Length - 1; i >= 0; i--)
        {
            if (_flagPositions[i].Line != 0)
            {
                start = new SourcePosition(_flagPositions[i].Line, _flagPositions[i].Column + _flagLengths![i]);
                break;
            }
        }

        return Find(text, start) is { } found ? SourceRange.OnLine(found.Line, found.Column, text.Length) : KeywordRange;
    }

    public DockerfileException Error(string id, string message, SourceRange? range = null, string? suggestion = null) =>
        new(id, message, FilePath, range ?? KeywordRange, suggestion);

    private SourceRange FindKeyword(int searchColumn)
    {
        var line = _source?.GetLine(_firstLine) ?? string.Empty;
        var from = Math.Clamp(searchColumn - 1, 0, line.Length);
        var index = line.IndexOf(Node.Keyword, from, StringComparison.Ordinal);
        if (index < 0)
        {
            index = line.IndexOf(Node.Keyword, from, StringComparison.OrdinalIgnoreCase);
        }

        if (index < 0)
        {
            index = from;
            while (index < line.Length && char.IsWhiteSpace(line[index]))
            {
                index++;
            }
        }

        return SourceRange.OnLine(_firstLine, index + 1, Node.Keyword.Length);
    }

    private void ComputeFlagPositions()
    {
        if (_flagPositions is not null)
        {
            return;
        }

        var flags = Node.Flags;
        _flagPositions = new SourcePosition[flags.Count];
        _flagLengths = new int[flags.Count];
        var cursor = new SourcePosition(KeywordRange.Start.Line, AfterKeywordColumn);
        for (var i = 0; i < flags.Count; i++)
        {
            var flag = flags[i];
            var eq = flag.IndexOf('=', StringComparison.Ordinal);
            var name = eq >= 0 ? flag[..eq] : flag;
            if (Find(name, cursor) is { } p)
            {
                var line = _source!.GetLine(p.Line);
                var whole = line.AsSpan(p.Column - 1).StartsWith(flag, StringComparison.Ordinal);
                _flagPositions[i] = p;
                _flagLengths[i] = whole ? flag.Length : name.Length;
                cursor = new SourcePosition(p.Line, p.Column + _flagLengths[i]);
            }
        }
    }

    private SourcePosition? Find(string text, SourcePosition start)
    {
        if (_source is null)
        {
            return null;
        }

        for (var lineNumber = start.Line; lineNumber <= _lastLine; lineNumber++)
        {
            var line = _source.GetLine(lineNumber);
            var from = lineNumber == start.Line ? Math.Clamp(start.Column - 1, 0, line.Length) : 0;
            var index = line.IndexOf(text, from, StringComparison.Ordinal);
            if (index >= 0)
            {
                return new SourcePosition(lineNumber, index + 1);
            }
        }

        return null;
    }
}
