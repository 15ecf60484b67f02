namespace Kiln.Distribution.Http;

/// <summary>Bearer tokens of one registry keyed by realm, service and scopes, each kept until shortly before it expires.</summary>
internal sealed class BearerTokenCache(TimeProvider timeProvider)
{
    /// <summary>Tokens are dropped this long before their stated expiry, so a request never carries a just-expired token.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, (string Token, DateTimeOffset Expires)> _tokens = new(StringComparer.Ordinal);

    public static string Key(string realm, string? service, IReadOnlyList<string> scopes) =>
        realm + "\n" + service + "\n" + string.Join(' ', scopes);

    public string? Get(string key)
    {
        lock (_lock)
        {
            if (_tokens.TryGetValue(key, out var entry) && entry.Expires > timeProvider.GetUtcNow())
            {
                return entry.Token;
            }

            _tokens.Remove(key);
            return null;
        }
    }

    public void Put(string key, string token, TimeSpan lifetime)
    {
        var usable = lifetime > Margin * 2 ? lifetime - Margin : lifetime / 2;
        lock (_lock)
        {
            _tokens[key] = (token, timeProvider.GetUtcNow() + usable);
        }
    }

    public void Invalidate(string key)
    {
        lock (_lock)
        {
            _tokens.Remove(key);
        }
    }
}
