using System.Text.Json.Serialization;
using Kiln.Oci.Json;

namespace Kiln.Oci.Images;

/// <summary>
/// Docker's <c>Healthcheck</c> in an image config (moby docker-image-spec <c>HealthcheckConfig</c>; feature DF-IMG-CONFIG,
/// HEALTHCHECK). <see cref="Test"/> is <c>["NONE"]</c>, <c>["CMD", args...]</c> or <c>["CMD-SHELL", command]</c>;
/// durations are integer nanoseconds in JSON; zero values mean "inherit" and are omitted.
/// </summary>
public sealed record HealthConfig
{
    [JsonPropertyName("Test")]
    [JsonPropertyOrder(0)]
    public IReadOnlyList<string>? Test { get; init => field = OmitEmpty.List(value); }

    [JsonPropertyName("Interval")]
    [JsonPropertyOrder(1)]
    [JsonConverter(typeof(NanosecondsConverter))]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public TimeSpan Interval { get; init; }

    [JsonPropertyName("Timeout")]
    [JsonPropertyOrder(2)]
    [JsonConverter(typeof(NanosecondsConverter))]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public TimeSpan Timeout { get; init; }

    [JsonPropertyName("StartPeriod")]
    [JsonPropertyOrder(3)]
    [JsonConverter(typeof(NanosecondsConverter))]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public TimeSpan StartPeriod { get; init; }

    [JsonPropertyName("StartInterval")]
    [JsonPropertyOrder(4)]
    [JsonConverter(typeof(NanosecondsConverter))]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public TimeSpan StartInterval { get; init; }

    [JsonPropertyName("Retries")]
    [JsonPropertyOrder(5)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Retries { get; init; }

    /// <summary>Element-wise equality of <see cref="Test"/>.</summary>
    public bool Equals(HealthConfig? other) =>
        other is not null
        && (Test ?? []).SequenceEqual(other.Test ?? [])
        && Interval == other.Interval && Timeout == other.Timeout
        && StartPeriod == other.StartPeriod && StartInterval == other.StartInterval && Retries == other.Retries;

    public override int GetHashCode() => HashCode.Combine(Interval, Timeout, StartPeriod, StartInterval, Retries);
}
