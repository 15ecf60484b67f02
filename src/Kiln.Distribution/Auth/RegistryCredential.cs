namespace Kiln.Distribution.Auth;

/// <summary>
/// Credentials for one registry: a username and password, or an identity token (an OAuth2 refresh token, docker's
/// <c>identitytoken</c>). <see cref="ToString"/> never shows the secret.
/// </summary>
public sealed record RegistryCredential(string? Username, string? Password, string? IdentityToken = null)
{
    /// <summary>True when there is something to authenticate with.</summary>
    public bool IsEmpty => string.IsNullOrEmpty(IdentityToken) && string.IsNullOrEmpty(Username) && string.IsNullOrEmpty(Password);

    public override string ToString() => IdentityToken is { Length: > 0 } ? $"identity token for {Username ?? "<token>"}" : $"user {Username}";
}
