namespace Kiln.Build.Operations.Sources;

/// <summary>Hides the password of a URL's user info before the URL appears in a message or a log.</summary>
internal static class UrlRedaction
{
    public static string Redact(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return url;
        }

        var authorityEnd = url.IndexOfAny(['/', '?', '#'], scheme + 3);
        var authority = authorityEnd < 0 ? url[(scheme + 3)..] : url[(scheme + 3)..authorityEnd];
        var at = authority.LastIndexOf('@');
        if (at < 0)
        {
            return url;
        }

        var userInfo = authority[..at];
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        var shown = colon < 0 ? userInfo : userInfo[..colon] + ":xxxxx";
        return url[..(scheme + 3)] + shown + authority[at..] + (authorityEnd < 0 ? string.Empty : url[authorityEnd..]);
    }

    public static string Redact(Uri url) => Redact(url.OriginalString);
}
