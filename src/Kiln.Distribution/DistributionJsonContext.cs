using System.Text.Json.Serialization;
using Kiln.Distribution.Auth;
using Kiln.Distribution.Errors;
using Kiln.Distribution.Http;
using Kiln.Distribution.Manifests;

namespace Kiln.Distribution;

/// <summary>System.Text.Json source generation for every JSON document the client reads (AOT and trimming safe).</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(TagListBody))]
[JsonSerializable(typeof(RegistriesConfigFile))]
[JsonSerializable(typeof(CredentialHelperOutput))]
[JsonSerializable(typeof(CredentialHelperInput))]
internal sealed partial class DistributionJsonContext : JsonSerializerContext
{
}
