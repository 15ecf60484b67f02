using System.Text.Json.Serialization;

namespace Kiln.Runtime.Spec;

/// <summary>The process identity (runtime-spec <c>process.user</c> on Linux).</summary>
public sealed record SpecUser
{
    [JsonPropertyName("uid")]
    public uint Uid { get; init; }

    [JsonPropertyName("gid")]
    public uint Gid { get; init; }

    [JsonPropertyName("additionalGids")]
    public IReadOnlyList<uint>? AdditionalGids { get; init; }
}
