using System.Text.Json.Serialization;

namespace Kiln.Dockerfile.Checks;

/// <summary>Source-generated (AOT-safe) JSON metadata for <see cref="CheckJsonReport"/>: camelCase names, nulls omitted, indented.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(CheckJsonReport))]
internal sealed partial class CheckJsonContext : JsonSerializerContext;
