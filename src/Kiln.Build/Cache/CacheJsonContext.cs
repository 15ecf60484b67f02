using System.Text.Json.Serialization;

namespace Kiln.Build.Cache;

/// <summary>Source-generated (AOT/trim-safe) JSON metadata for the build cache's files.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = false)]
[JsonSerializable(typeof(CacheRecordDocument))]
[JsonSerializable(typeof(CacheStepDocument))]
internal sealed partial class CacheJsonContext : JsonSerializerContext;
