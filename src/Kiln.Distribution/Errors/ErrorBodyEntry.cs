using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kiln.Distribution.Errors;

/// <summary>One error in <see cref="ErrorBody"/>; <c>detail</c> may be any JSON value.</summary>
internal sealed record ErrorBodyEntry(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("detail")] JsonElement? Detail);
