using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kiln.Oci.Json;

/// <summary>
/// A Go <c>time.Duration</c> as its JSON form, integer nanoseconds (Docker's <c>Healthcheck</c> durations).
/// .NET keeps 100 ns ticks, so nanoseconds below that resolution are truncated on read.
/// </summary>
public sealed class NanosecondsConverter : JsonConverter<TimeSpan>
{
    private const long NanosecondsPerTick = 100;

    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var nanoseconds))
        {
            throw new JsonException($"expected a duration in integer nanoseconds, got {reader.TokenType}");
        }

        return TimeSpan.FromTicks(nanoseconds / NanosecondsPerTick);
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value.Ticks * NanosecondsPerTick);
    }
}
