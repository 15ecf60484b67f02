using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kiln.Oci.Json;

/// <summary>
/// A Go <c>map[string]struct{}</c> set such as <c>ExposedPorts</c> (<c>{"80/tcp":{}}</c>) or <c>Volumes</c>,
/// exposed as a list of keys; written in ordinal key order as Go sorts map keys, read in document order
/// without duplicates.
/// </summary>
public sealed class EmptyObjectSetConverter : JsonConverter<IReadOnlyList<string>>
{
    public override IReadOnlyList<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"expected an object whose keys form a set (e.g. {{\"80/tcp\":{{}}}}), got {reader.TokenType}");
        }

        var result = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            reader.Skip();
            if (!result.Contains(key))
            {
                result.Add(key);
            }
        }

        return result;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        foreach (var key in value.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            writer.WritePropertyName(key);
            writer.WriteStartObject();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
