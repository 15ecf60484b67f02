using System.Text.Json.Serialization;

namespace Kiln.Distribution.Auth;

/// <summary>What <c>docker-credential-&lt;name&gt; store</c> reads on stdin.</summary>
internal sealed record CredentialHelperInput(
    [property: JsonPropertyName("ServerURL")] string ServerUrl,
    [property: JsonPropertyName("Username")] string Username,
    [property: JsonPropertyName("Secret")] string Secret);
