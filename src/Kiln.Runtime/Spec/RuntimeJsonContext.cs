using System.Text.Json.Serialization;

namespace Kiln.Runtime.Spec;

/// <summary>Source-generated (AOT-safe) JSON for the runtime spec; nulls omitted, indented for people reading a kept bundle.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true)]
[JsonSerializable(typeof(RuntimeSpec))]
public sealed partial class RuntimeJsonContext : JsonSerializerContext;
