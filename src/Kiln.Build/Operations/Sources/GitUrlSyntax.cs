using System.Text.RegularExpressions;

namespace Kiln.Build.Operations.Sources;

/// <summary>
/// Recognises git URLs with BuildKit's rules (DF-ADD-GIT; <c>util/gitutil</c> and the Dockerfile frontend's
/// <c>ParseGitRef</c>): an explicit <c>http</c>, <c>https</c>, <c>ssh</c> or <c>git</c> scheme (any case), where
/// http(s) also needs a path ending in <c>.git</c>; or the scp form <c>user@host:path</c> (the user is required).
/// <c>./x</c>, <c>../x</c> and the deprecated <c>github.com/org/repo</c> form are not git sources for ADD.
/// </summary>
internal static partial class GitUrlSyntax
{
    /// <summary>Parses <paramref name="source"/>; <paramref name="allowFile"/> also admits <c>file://</c> (never from a Dockerfile).</summary>
    public static GitUrlParts? TryParse(string source, bool allowFile = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.StartsWith("./", StringComparison.Ordinal) || source.StartsWith("../", StringComparison.Ordinal)
            || source.StartsWith("github.com/", StringComparison.Ordinal))
        {
            return null;
        }

        var proto = ProtocolPrefix().Match(source);
        if (proto.Success)
        {
            var scheme = proto.Value[..^3].ToLowerInvariant();
            var known = scheme is "http" or "https" or "ssh" or "git" || (allowFile && scheme == "file");
            return known ? ParseStandard(source, scheme, proto.Length) : null;
        }

        var scp = ScpStyle().Match(source);
        if (!scp.Success)
        {
            return null;
        }

        var remote = scp.Groups[1].Value + "@" + scp.Groups[2].Value + ":" + scp.Groups[3].Value;
        return new GitUrlParts(
            "ssh",
            remote,
            scp.Groups[3].Value,
            scp.Groups[4].Success ? scp.Groups[4].Value : null,
            scp.Groups[5].Success ? scp.Groups[5].Value : null);
    }

    /// <summary>Splits a query like Go's <c>url.ParseQuery</c>: '&amp;'-separated, '+' is a space, %XX decoded; malformed pairs are dropped.</summary>
    public static List<KeyValuePair<string, string?>> ParseQuery(string rawQuery)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        foreach (var part in rawQuery.Split('&'))
        {
            if (part.Length == 0 || part.Contains(';', StringComparison.Ordinal))
            {
                continue;
            }

            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = Unescape(eq < 0 ? part : part[..eq], plusIsSpace: true);
            var value = eq < 0 ? null : Unescape(part[(eq + 1)..], plusIsSpace: true);
            if (key is null || (eq >= 0 && value is null))
            {
                continue;
            }

            pairs.Add(new(key, value));
        }

        return pairs;
    }

    private static GitUrlParts? ParseStandard(string source, string scheme, int prefixLength)
    {
        var hash = source.IndexOf('#', StringComparison.Ordinal);
        string? fragment = null;
        var beforeFragment = source;
        if (hash >= 0)
        {
            fragment = Unescape(source[(hash + 1)..], plusIsSpace: false);
            if (fragment is null)
            {
                return null; // Go's url.Parse rejects a malformed escape
            }

            beforeFragment = source[..hash];
        }

        var question = beforeFragment.IndexOf('?', StringComparison.Ordinal);
        var rawQuery = question >= 0 ? beforeFragment[(question + 1)..] : null;
        var withoutQuery = question >= 0 ? beforeFragment[..question] : beforeFragment;
        var rest = withoutQuery[prefixLength..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash >= 0 ? rest[..slash] : rest;
        var rawPath = slash >= 0 ? rest[slash..] : string.Empty;
        var path = Unescape(rawPath, plusIsSpace: false);
        if (path is null || authority.Any(char.IsControl) || rawPath.Any(char.IsControl))
        {
            return null;
        }

        if (scheme is "http" or "https" && !path.EndsWith(".git", StringComparison.Ordinal))
        {
            return null;
        }

        return new GitUrlParts(scheme, scheme + "://" + authority + rawPath, path, rawQuery, fragment);
    }

    /// <summary>Decodes %XX escapes (and '+' when asked); null for a malformed escape, as Go's unescape fails.</summary>
    private static string? Unescape(string text, bool plusIsSpace)
    {
        if (!text.Contains('%', StringComparison.Ordinal) && !(plusIsSpace && text.Contains('+', StringComparison.Ordinal)))
        {
            return text;
        }

        var bytes = new List<byte>(text.Length);
        var runStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '%' && !(c == '+' && plusIsSpace))
            {
                continue;
            }

            bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(text[runStart..i]));
            if (c == '+')
            {
                bytes.Add((byte)' ');
                runStart = i + 1;
                continue;
            }

            if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
            {
                return null;
            }

            bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
            i += 2;
            runStart = i + 1;
        }

        bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(text[runStart..]));
        return System.Text.Encoding.UTF8.GetString(bytes.ToArray());
    }

    [GeneratedRegex("^[a-zA-Z0-9]+://")]
    private static partial Regex ProtocolPrefix();

    // BuildKit's sshutil pattern (user required); '-' moved to the end of each class, where .NET and RE2 agree.
    [GeneratedRegex(@"^([a-zA-Z0-9_-]+)@([a-zA-Z0-9.-]+):(.*?)(?:\?(.*?))?(?:#(.*))?\z")]
    private static partial Regex ScpStyle();
}
