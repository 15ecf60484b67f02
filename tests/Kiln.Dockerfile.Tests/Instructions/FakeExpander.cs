using Kiln.Dockerfile.Instructions;

namespace Kiln.Dockerfile.Tests.Instructions;

/// <summary>An <see cref="IWordExpander"/> that marks what it touched: words become <c>X(word)</c>; multi-word splits on spaces.</summary>
internal sealed class FakeExpander : IWordExpander
{
    private readonly Dictionary<string, string> _values;

    public FakeExpander(Dictionary<string, string>? values = null) => _values = values ?? [];

    public List<string> Calls { get; } = [];

    public string ExpandWord(string word)
    {
        Calls.Add(word);
        return _values.TryGetValue(word, out var v) ? v : $"X({word})";
    }

    public IReadOnlyList<string> ExpandWords(string word) =>
        ExpandWord(word).Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
