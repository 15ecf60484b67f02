using Kiln.Oci;

namespace Kiln.Dockerfile.Planning;

/// <summary>
/// Matches names against the <c>--build-context</c> names the way BuildKit does (CTX-NAMED-USE): both sides are
/// normalised as image references to their familiar form without <c>:latest</c>, so <c>alpine</c>,
/// <c>alpine:latest</c> and <c>docker.io/library/alpine</c> are one context. <c>scratch</c> and <c>context</c> never match.
/// </summary>
internal sealed class NamedContextMatcher
{
    private readonly Dictionary<string, string> _byKey = new(StringComparer.Ordinal);

    public NamedContextMatcher(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            _byKey.TryAdd(Key(name), name);
        }
    }

    /// <summary>The context name as given for <paramref name="name"/>, or null.</summary>
    public string? Find(string name)
    {
        if (name.Equals("scratch", StringComparison.OrdinalIgnoreCase) || name.Equals("context", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return _byKey.TryGetValue(Key(name), out var found) ? found : null;
    }

    private static string Key(string name)
    {
        if (!ImageReference.TryParse(name, out var reference))
        {
            return name;
        }

        var familiar = reference.FamiliarString;
        return familiar.EndsWith(":latest", StringComparison.Ordinal) ? familiar[..^":latest".Length] : familiar;
    }
}
