using System.Text.Json.Serialization;

namespace Kiln.Build.Outputs;

/// <summary>Source-generated (AOT/trim-safe) JSON for the metadata file; nulls are omitted, as buildx omits absent keys.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MetadataDocument))]
internal sealed partial class OutputsJsonContext : JsonSerializerContext;
