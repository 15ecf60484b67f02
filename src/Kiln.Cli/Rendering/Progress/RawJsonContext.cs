using System.Text.Json.Serialization;

namespace Kiln.Cli.Rendering.Progress;

/// <summary>Source-generated (NativeAOT-safe) serialisation of the rawjson progress lines; null fields are written, so every line of a type has the same keys.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RawJsonStarted))]
[JsonSerializable(typeof(RawJsonCompleted))]
[JsonSerializable(typeof(RawJsonLog))]
[JsonSerializable(typeof(RawJsonStatus))]
[JsonSerializable(typeof(RawJsonCacheExplanation))]
[JsonSerializable(typeof(RawJsonWarning))]
[JsonSerializable(typeof(RawJsonFinished))]
internal sealed partial class RawJsonContext : JsonSerializerContext;
