namespace Kiln.Dockerfile.Shell;

/// <summary>
/// Ordered name-to-value variable set for shell-word expansion (DF-VAR, DF-VAR-ENV-SOURCE). Setting an
/// existing name replaces its value in place; names are case-insensitive when built for Windows
/// (DF-VAR-WIN-CASE). Distinguishes set-but-empty from unset.
/// </summary>
public sealed class ShellEnvironment : IVariableLookup
{
    private readonly Dictionary<string, int> _index;
    private readonly List<KeyValuePair<string, string>> _entries = [];

    /// <summary>Creates an empty environment.</summary>
    public ShellEnvironment(bool caseInsensitive = false)
    {
        CaseInsensitive = caseInsensitive;
        _index = new Dictionary<string, int>(caseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
    }

    /// <summary>True when names compare case-insensitively (Windows).</summary>
    public bool CaseInsensitive { get; }

    /// <summary>Number of variables.</summary>
    public int Count => _entries.Count;

    /// <summary>The variables in first-definition order (values are the latest ones).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Entries => _entries;

    /// <summary>
    /// Builds an environment from <c>NAME=VALUE</c> strings: a later entry with the same name wins and an
    /// entry without <c>=</c> defines the name with an empty value.
    /// </summary>
    public static ShellEnvironment FromAssignments(IEnumerable<string> assignments, bool caseInsensitive = false)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        var env = new ShellEnvironment(caseInsensitive);
        foreach (var assignment in assignments)
        {
            ArgumentNullException.ThrowIfNull(assignment);
            var eq = assignment.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                env.Set(assignment, string.Empty);
            }
            else
            {
                env.Set(assignment[..eq], assignment[(eq + 1)..]);
            }
        }

        return env;
    }

    /// <summary>Builds an environment from name/value pairs; a later pair with the same name wins.</summary>
    public static ShellEnvironment FromPairs(IEnumerable<KeyValuePair<string, string>> pairs, bool caseInsensitive = false)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var env = new ShellEnvironment(caseInsensitive);
        foreach (var pair in pairs)
        {
            env.Set(pair.Key, pair.Value);
        }

        return env;
    }

    /// <summary>Sets (or replaces, keeping its position) a variable.</summary>
    public void Set(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (_index.TryGetValue(name, out var i))
        {
            _entries[i] = new KeyValuePair<string, string>(_entries[i].Key, value);
        }
        else
        {
            _index.Add(name, _entries.Count);
            _entries.Add(new KeyValuePair<string, string>(name, value));
        }
    }

    /// <inheritdoc />
    public bool TryGet(string name, out string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_index.TryGetValue(name, out var i))
        {
            value = _entries[i].Value;
            return true;
        }

        value = string.Empty;
        return false;
    }

    /// <summary>True when <paramref name="name"/> is set (possibly to an empty value).</summary>
    public bool Contains(string name) => _index.ContainsKey(name);

    /// <summary>An independent copy (same case sensitivity).</summary>
    public ShellEnvironment Clone() => FromPairs(_entries, CaseInsensitive);

    /// <summary>The variables as <c>NAME=VALUE</c> strings, in order.</summary>
    public IReadOnlyList<string> ToAssignments() => _entries.Select(e => e.Key + "=" + e.Value).ToArray();
}
