using System.Text.Json.Serialization;

namespace Kiln.Distribution.Auth;

/// <summary>What <c>docker-credential-&lt;name&gt; get</c> writes on stdout; Username <c>&lt;token&gt;</c> marks an identity token.</summary>
internal sealed record CredentialHelperOutput(
    [property: JsonPropertyName("ServerURL")] string? ServerUrl,
    [property: JsonPropertyName("Username")] string? Username,
    [property: JsonPropertyName("Secret")] string? Secret);
