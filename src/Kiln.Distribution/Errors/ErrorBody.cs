using System.Text.Json.Serialization;

namespace Kiln.Distribution.Errors;

/// <summary>The JSON shape of a distribution error response.</summary>
internal sealed record ErrorBody([property: JsonPropertyName("errors")] IReadOnlyList<ErrorBodyEntry>? Errors);
