namespace Kiln.Distribution.Auth;

/// <summary>
/// A parsed <c>WWW-Authenticate</c> challenge (RFC 7235; Docker token auth spec): scheme (<c>Basic</c> or <c>Bearer</c>)
/// and parameters <c>realm</c>, <c>service</c>, <c>scope</c>, <c>error</c>.
/// </summary>
public sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    public string? Realm => Parameters.GetValueOrDefault("realm");

    public string? Service => Parameters.GetValueOrDefault("service");

    public string? Scope => Parameters.GetValueOrDefault("scope");

    public string? Error => Parameters.GetValueOrDefault("error");

    /// <summary>Parses the first Basic or Bearer challenge of a header value; null when there is none.</summary>
    public static AuthChallenge? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var position = 0;
        AuthChallenge? first = null;
        while (position < header.Length)
        {
            SkipSeparators(header, ref position);
            var scheme = ReadToken(header, ref position);
            if (scheme.Length == 0)
            {
                break;
            }

            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            while (position < header.Length)
            {
                SkipSpaces(header, ref position);
                var save = position;
                var name = ReadToken(header, ref position);
                SkipSpaces(header, ref position);
                if (name.Length == 0 || position >= header.Length || header[position] != '=')
                {
                    // The next challenge's scheme.
                    position = save;
                    break;
                }

                position++;
                SkipSpaces(header, ref position);
                parameters[name] = position < header.Length && header[position] == '"' ? ReadQuoted(header, ref position) : ReadToken(header, ref position);
                SkipSpaces(header, ref position);
                if (position < header.Length && header[position] == ',')
                {
                    position++;
                }
            }

            var challenge = new AuthChallenge(scheme, parameters);
            if (challenge.IsBearer)
            {
                return challenge;
            }

            first ??= challenge.IsBasic ? challenge : null;
        }

        return first;
    }

    private static void SkipSpaces(string s, ref int i)
    {
        while (i < s.Length && s[i] is ' ' or '\t')
        {
            i++;
        }
    }

    private static void SkipSeparators(string s, ref int i)
    {
        while (i < s.Length && s[i] is ' ' or '\t' or ',')
        {
            i++;
        }
    }

    private static string ReadToken(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && s[i] is not (' ' or '\t' or ',' or '=' or '"'))
        {
            i++;
        }

        return s[start..i];
    }

    private static string ReadQuoted(string s, ref int i)
    {
        var builder = new System.Text.StringBuilder();
        i++;
        while (i < s.Length && s[i] != '"')
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                i++;
            }

            builder.Append(s[i]);
            i++;
        }

        i++;
        return builder.ToString();
    }
}
