namespace Kiln.Distribution.Auth;

/// <summary>
/// The token scopes a registry request needs (Docker token scope spec: <c>repository:NAME:ACTIONS</c>), derived from its
/// path and method: GET/HEAD need <c>pull</c>, DELETE <c>delete</c>, other methods <c>pull,push</c>.
/// </summary>
public static class TokenScope
{
    private static readonly string[] Endpoints = ["/manifests/", "/blobs/", "/tags/", "/referrers/"];

    /// <summary>The scope for a request, or null for the API root (<c>/v2/</c>).</summary>
    public static string? For(HttpMethod method, string absolutePath)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(absolutePath);
        if (!absolutePath.StartsWith("/v2/", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = absolutePath[4..];
        var end = -1;
        foreach (var endpoint in Endpoints)
        {
            var at = rest.LastIndexOf(endpoint, StringComparison.Ordinal);
            if (at > 0 && (end < 0 || at < end))
            {
                end = at;
            }
        }

        if (end <= 0)
        {
            return null;
        }

        var actions = method == HttpMethod.Get || method == HttpMethod.Head ? "pull" : method == HttpMethod.Delete ? "delete" : "pull,push";
        return Repository(rest[..end], actions);
    }

    /// <summary><c>repository:NAME:ACTIONS</c>.</summary>
    public static string Repository(string name, string actions) => $"repository:{name}:{actions}";

    /// <summary>Merges scope lists (space-separated each), combining the actions of the same resource, sorted for cache keys.</summary>
    public static IReadOnlyList<string> Merge(params string?[] scopes)
    {
        var byResource = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var scope in scopes.Where(s => !string.IsNullOrWhiteSpace(s)).SelectMany(s => s!.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        {
            var lastColon = scope.LastIndexOf(':');
            if (lastColon <= 0)
            {
                continue;
            }

            var resource = scope[..lastColon];
            if (!byResource.TryGetValue(resource, out var actions))
            {
                actions = new SortedSet<string>(StringComparer.Ordinal);
                byResource[resource] = actions;
            }

            foreach (var action in scope[(lastColon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                actions.Add(action);
            }
        }

        return byResource.Select(pair => pair.Key + ":" + string.Join(',', pair.Value)).ToList();
    }
}
