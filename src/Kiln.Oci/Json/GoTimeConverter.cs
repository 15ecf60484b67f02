using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kiln.Oci.Json;

/// <summary>
/// Timestamps in Go's <c>time.Time</c> JSON form, RFC 3339 with up to nine fraction digits and trailing
/// zeros removed (<c>2024-01-02T03:04:05.5Z</c>, <c>...05Z</c> without a fraction); UTC is written as <c>Z</c>.
/// .NET keeps 100 ns ticks, so digits 8 and 9 of a read fraction are dropped (the raw bytes stay exact).
/// </summary>
public sealed class GoTimeConverter : JsonConverter<DateTimeOffset?>
{
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"expected an RFC 3339 timestamp string, got {reader.TokenType}");
        }

        var text = reader.GetString()!;
        return TryParse(text, out var value)
            ? value
            : throw new JsonException($"invalid timestamp \"{text}\": expected RFC 3339, e.g. 2024-01-02T03:04:05Z");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStringValue(Format(value.Value));
    }

    /// <summary>Formats like Go's <c>time.RFC3339Nano</c>.</summary>
    public static string Format(DateTimeOffset value)
    {
        var text = value.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var ticks = value.Ticks % TimeSpan.TicksPerSecond;
        if (ticks != 0)
        {
            text += "." + (ticks * 100).ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        }

        return text + (value.Offset == TimeSpan.Zero ? "Z" : value.ToString("zzz", CultureInfo.InvariantCulture));
    }

    /// <summary>Parses an RFC 3339 timestamp with any number of fraction digits.</summary>
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = default;
        // Trim the fraction to 7 digits, the precision DateTimeOffset keeps.
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var normalized = text;
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            if (end == dot + 1)
            {
                return false;
            }

            var fraction = text[(dot + 1)..end];
            normalized = text[..dot] + "." + (fraction.Length > 7 ? fraction[..7] : fraction.PadRight(7, '0')) + text[end..];
        }

        string[] formats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.fffffffK"];
        return DateTimeOffset.TryParseExact(
            normalized.Replace('t', 'T').Replace('z', 'Z'),
            formats,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal,
            out value);
    }
}
