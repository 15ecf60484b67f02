using System.Text.Json.Serialization;

namespace Kiln.Build.Cache.Sharing;

/// <summary>Source-generated (AOT/trim-safe) JSON metadata for exported caches.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = false)]
[JsonSerializable(typeof(CacheConfigDocument))]
internal sealed partial class CacheSharingJsonContext : JsonSerializerContext;
