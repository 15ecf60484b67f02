using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Instructions;
using Kiln.Dockerfile.Shell;

namespace Kiln.Dockerfile.Planning;

/// <summary>
/// The <see cref="IWordExpander"/> the planner and evaluator hand to instructions: a <see cref="ShellLexer"/>
/// over a fixed variable snapshot (so every variable of one instruction sees the values from before it,
/// DF-VAR-SAME-INSTR) that records which names were found and which were not (LINT-UNDEFINED-VAR).
/// Expansion errors become <see cref="DockerfileException"/>s at the instruction.
/// </summary>
internal sealed class RecordingExpander : IWordExpander
{
    private readonly ShellLexer _lexer;
    private readonly IVariableLookup _variables;
    private readonly string? _filePath;
    private readonly SourceRange _range;
    private readonly string _errorId;
    private readonly List<string> _matched = [];
    private readonly List<string> _unmatched = [];

    public RecordingExpander(ShellLexer lexer, IVariableLookup variables, string? filePath, SourceRange range, string errorId = PlanningErrorIds.Expansion)
    {
        _errorId = errorId;
        _lexer = lexer;
        _variables = variables;
        _filePath = filePath;
        _range = range;
    }

    /// <summary>Names looked up and found, in first-use order.</summary>
    public IReadOnlyList<string> Matched => _matched;

    /// <summary>Names looked up and not found, in first-use order.</summary>
    public IReadOnlyList<string> Unmatched => _unmatched;

    public string ExpandWord(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        try
        {
            var result = _lexer.ProcessWord(word, _variables);
            Record(result.Matched, result.Unmatched);
            return result.Value;
        }
        catch (ShellExpansionException ex)
        {
            throw new DockerfileException(_errorId, ex.Message, _filePath, _range);
        }
    }

    public IReadOnlyList<string> ExpandWords(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        try
        {
            var result = _lexer.ProcessWords(word, _variables);
            Record(result.Matched, result.Unmatched);
            return result.Words;
        }
        catch (ShellExpansionException ex)
        {
            throw new DockerfileException(_errorId, ex.Message, _filePath, _range);
        }
    }

    private void Record(IReadOnlySet<string> matched, IReadOnlySet<string> unmatched)
    {
        foreach (var name in matched.Where(n => !_matched.Contains(n, StringComparer.Ordinal)))
        {
            _matched.Add(name);
        }

        foreach (var name in unmatched.Where(n => !_unmatched.Contains(n, StringComparer.Ordinal)))
        {
            _unmatched.Add(name);
        }
    }
}
