using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kiln.Oci.Json;

/// <summary>
/// Reads and writes a <see cref="Digest"/> as its JSON string form <c>"sha256:..."</c>.
/// Source-generation compatible (applied through <see cref="JsonConverterAttribute"/> on the type).
/// </summary>
public sealed class DigestJsonConverter : JsonConverter<Digest>
{
    public override Digest Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"expected a digest string such as \"sha256:<64 hex>\", got {reader.TokenType}");
        }

        try
        {
            return Digest.Parse(reader.GetString()!);
        }
        catch (InvalidDigestException ex)
        {
            throw new JsonException(ex.Message, ex);
        }
    }

    public override void Write(Utf8JsonWriter writer, Digest value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
