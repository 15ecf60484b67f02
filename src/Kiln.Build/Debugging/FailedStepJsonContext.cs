using System.Text.Json.Serialization;

namespace Kiln.Build.Debugging;

/// <summary>Source-generated JSON for <see cref="FailedStep"/> (AOT-safe).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(FailedStep))]
internal sealed partial class FailedStepJsonContext : JsonSerializerContext;
