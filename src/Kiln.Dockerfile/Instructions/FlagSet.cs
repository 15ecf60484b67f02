using System.Globalization;
using Kiln.Dockerfile.Diagnostics;

namespace Kiln.Dockerfile.Instructions;

/// <summary>
/// Parses the leading <c>--flag[=value]</c> words of an instruction with BuildKit's semantics
/// (DF-LEX-FLAGS, DF-LEX-FLAG-TYPES): declared bool, string and repeatable string-list flags;
/// unknown flags fail with a suggestion; non-list flags may be given once; a bare <c>--</c> stops.
/// </summary>
public sealed class FlagSet
{
    private readonly Dictionary<string, FlagKind> _kinds = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _indices = new(StringComparer.Ordinal);

    /// <summary>Declares a boolean flag (<c>--link</c>).</summary>
    public FlagSet AddBool(string name) => Add(name, FlagKind.Bool);

    /// <summary>Declares a single-valued string flag (<c>--from</c>).</summary>
    public FlagSet AddString(string name) => Add(name, FlagKind.String);

    /// <summary>Declares a repeatable string flag (<c>--mount</c>).</summary>
    public FlagSet AddStrings(string name) => Add(name, FlagKind.StringList);

    /// <summary>The declared flag names, in declaration order.</summary>
    public IReadOnlyList<string> Names => _order;

    /// <summary>
    /// Reads <paramref name="words"/>; throws <see cref="DockerfileException"/> located by
    /// <paramref name="locate"/> (given the word index) on the first invalid word.
    /// </summary>
    public void Parse(IReadOnlyList<string> words, string? filePath = null, Func<int, SourceRange>? locate = null)
    {
        ArgumentNullException.ThrowIfNull(words);
        _values.Clear();
        _indices.Clear();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            DockerfileException Fail(string id, string message, string? suggestion = null) =>
                new(id, message, filePath, locate?.Invoke(i), suggestion);

            if (word == "--")
            {
                return;
            }

            if (!word.StartsWith("--", StringComparison.Ordinal))
            {
                throw Fail(InstructionErrorIds.InvalidFlagSyntax, $"arg should start with -- : {word}");
            }

            var body = word[2..];
            var eq = body.IndexOf('=', StringComparison.Ordinal);
            var name = eq >= 0 ? body[..eq] : body;
            var value = eq >= 0 ? body[(eq + 1)..] : null;
            if (!_kinds.TryGetValue(name, out var kind))
            {
                var match = Suggestions.Closest(name, _order);
                var hint = match is null ? null : $"did you mean --{match}?";
                throw Fail(
                    InstructionErrorIds.UnknownFlag,
                    $"unknown flag: --{name}" + (hint is null ? string.Empty : $" ({hint})"),
                    hint);
            }

            if (_values.ContainsKey(name) && kind != FlagKind.StringList)
            {
                throw Fail(InstructionErrorIds.DuplicateFlag, $"duplicate flag specified: --{name}");
            }

            string stored;
            switch (kind)
            {
                case FlagKind.Bool:
                    if (value is null)
                    {
                        stored = "true";
                    }
                    else if (value.Length == 0)
                    {
                        throw Fail(InstructionErrorIds.MissingFlagValue, $"missing a value on flag: --{name}");
                    }
                    else if (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("false", StringComparison.OrdinalIgnoreCase))
                    {
                        stored = value.ToLowerInvariant();
                    }
                    else
                    {
                        throw Fail(InstructionErrorIds.InvalidBoolFlag, $"expecting boolean value for flag --{name}, not: {value}");
                    }

                    break;
                default:
                    stored = value ?? throw Fail(InstructionErrorIds.MissingFlagValue, $"missing a value on flag: --{name}");
                    break;
            }

            if (!_values.TryGetValue(name, out var list))
            {
                _values[name] = list = [];
                _indices[name] = [];
            }

            list.Add(stored);
            _indices[name].Add(i);
        }
    }

    /// <summary>True when the flag was given.</summary>
    public bool IsUsed(string name) => _values.ContainsKey(name);

    /// <summary>The value of a bool flag; false when not given.</summary>
    public bool GetBool(string name) => GetBoolOrNull(name) ?? false;

    /// <summary>The value of a bool flag, or null when not given.</summary>
    public bool? GetBoolOrNull(string name) =>
        _values.TryGetValue(name, out var v) ? bool.Parse(v[^1]) : null;

    /// <summary>The value of a string flag, or null when not given (an empty value stays empty).</summary>
    public string? GetString(string name) => _values.TryGetValue(name, out var v) ? v[^1] : null;

    /// <summary>All values of a repeatable flag in order (empty when not given).</summary>
    public IReadOnlyList<string> GetStrings(string name) => _values.TryGetValue(name, out var v) ? v : [];

    /// <summary>The word indexes where <paramref name="name"/> was given, in order.</summary>
    public IReadOnlyList<int> IndicesOf(string name) => _indices.TryGetValue(name, out var v) ? v : [];

    /// <summary>The first word index where <paramref name="name"/> was given, or -1.</summary>
    public int IndexOf(string name) => _indices.TryGetValue(name, out var v) ? v[0] : -1;

    private FlagSet Add(string name, FlagKind kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!_kinds.TryAdd(name, kind))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"flag --{name} declared twice"), nameof(name));
        }

        _order.Add(name);
        return this;
    }
}
