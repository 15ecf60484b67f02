using System.Text.Json.Serialization;

namespace Kiln.Runtime.Spec;

/// <summary>A namespace the container gets (runtime-spec <c>linux.namespaces[]</c>): <c>pid</c>, <c>mount</c>, <c>network</c>, ….</summary>
public sealed record SpecNamespace([property: JsonPropertyName("type")] string Type);
