using System.Text.Json.Serialization;

namespace Kiln.Distribution.Auth;

/// <summary>A token endpoint's answer (Docker token auth spec): <c>token</c> or <c>access_token</c>, <c>expires_in</c>, <c>issued_at</c>.</summary>
internal sealed record TokenResponse
{
    [JsonPropertyName("token")]
    public string? Token { get; init; }

    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    [JsonPropertyName("expires_in")]
    public int? ExpiresIn { get; init; }

    [JsonPropertyName("issued_at")]
    public DateTimeOffset? IssuedAt { get; init; }

    [JsonPropertyName("refresh_token")]
    public string? RefreshToken { get; init; }
}
