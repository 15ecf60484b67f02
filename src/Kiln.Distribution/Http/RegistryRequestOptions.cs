namespace Kiln.Distribution.Http;

/// <summary>Per-request flags the handler chain reads from <see cref="HttpRequestMessage.Options"/>.</summary>
internal static class RegistryRequestOptions
{
    /// <summary>The request may be sent again (manifest PUT, DELETE); GET and HEAD always may.</summary>
    public static readonly HttpRequestOptionsKey<bool> Idempotent = new("kiln.idempotent");

    /// <summary>Extra token scopes the request needs (a cross-repository mount's source).</summary>
    public static readonly HttpRequestOptionsKey<string> ExtraScope = new("kiln.scope");

    public static bool IsIdempotent(HttpRequestMessage request) =>
        request.Method == HttpMethod.Get || request.Method == HttpMethod.Head
        || (request.Options.TryGetValue(Idempotent, out var flag) && flag);

    /// <summary>True when the request's content can be sent a second time (none, or buffered bytes).</summary>
    public static bool CanResend(HttpRequestMessage request) =>
        request.Content is null or ByteArrayContent or ReadOnlyMemoryContent;
}
