using System.Net.Http.Headers;

namespace Kiln.Distribution.Manifests;

/// <summary>Reads the <c>rel="next"</c> target of an RFC 8288 <c>Link</c> header (tag and referrers pagination).</summary>
internal static class LinkHeader
{
    public static Uri? Next(HttpResponseHeaders headers, Uri requestUri)
    {
        if (!headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var link in values.SelectMany(v => v.Split(',')))
        {
            var open = link.IndexOf('<', StringComparison.Ordinal);
            var close = link.IndexOf('>', StringComparison.Ordinal);
            if (open < 0 || close < open || !link[close..].Contains("rel=\"next\"", StringComparison.OrdinalIgnoreCase) && !link[close..].Contains("rel=next", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            return new Uri(requestUri, link[(open + 1)..close]);
        }

        return null;
    }
}
