using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Kiln.Oci.Images;

namespace Kiln.Oci.Json;

/// <summary>
/// Reads and writes OCI/Docker JSON documents. Output is compact and escaped exactly as Go's
/// <c>json.Marshal</c> does (<c>&lt; &gt; &amp;</c> as <c>\u003c \u003e \u0026</c>, see <see cref="GoJsonEscaping"/>),
/// which is how Docker, containerd and BuildKit write manifests and configs.
/// </summary>
public static class OciJson
{
    /// <summary>The context used for reading and writing (relaxed encoder; Go escaping is applied afterwards).</summary>
    public static OciJsonContext Context { get; } = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static byte[] Serialize(ImageManifest manifest) => Serialize(manifest, Context.ImageManifest);

    public static byte[] Serialize(ImageIndex index) => Serialize(index, Context.ImageIndex);

    public static byte[] Serialize(ImageConfig config) => Serialize(config, Context.ImageConfig);

    public static byte[] Serialize(Descriptor descriptor) => Serialize(descriptor, Context.Descriptor);

    /// <summary>Serializes <paramref name="value"/> to compact JSON with Go's escaping.</summary>
    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        return GoJsonEscaping.Rewrite(buffer.WrittenSpan);
    }

    public static ImageManifest DeserializeManifest(ReadOnlySpan<byte> json) => Deserialize(json, Context.ImageManifest, "image manifest");

    public static ImageIndex DeserializeIndex(ReadOnlySpan<byte> json) => Deserialize(json, Context.ImageIndex, "image index");

    public static ImageConfig DeserializeConfig(ReadOnlySpan<byte> json) => Deserialize(json, Context.ImageConfig, "image config");

    /// <summary>Deserializes a document, turning JSON errors into <see cref="InvalidDocumentException"/> naming <paramref name="kind"/>.</summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> typeInfo, string kind)
    {
        try
        {
            return JsonSerializer.Deserialize(json, typeInfo)
                ?? throw new InvalidDocumentException($"invalid {kind}: the document is JSON null, expected an object");
        }
        catch (JsonException ex)
        {
            throw new InvalidDocumentException($"invalid {kind}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The media type a manifest-like document declares in its <c>mediaType</c> field, or the one implied by its shape
    /// (<c>manifests</c> → OCI index, <c>config</c> → OCI manifest) when the field is absent; null when neither applies.
    /// </summary>
    public static string? DetectMediaType(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            string? mediaType = null;
            bool hasManifests = false, hasConfig = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("mediaType"u8))
                {
                    reader.Read();
                    mediaType = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    continue;
                }

                hasManifests |= reader.ValueTextEquals("manifests"u8);
                hasConfig |= reader.ValueTextEquals("config"u8) || reader.ValueTextEquals("layers"u8);
                reader.Read();
                reader.Skip();
            }

            if (!string.IsNullOrEmpty(mediaType))
            {
                return mediaType;
            }

            return hasManifests ? MediaTypes.OciImageIndex : hasConfig ? MediaTypes.OciImageManifest : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
