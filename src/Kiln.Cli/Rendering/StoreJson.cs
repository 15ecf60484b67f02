using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Kiln.Oci.Json;

namespace Kiln.Cli.Rendering;

/// <summary>
/// Writes JSON for the image and store commands with <see cref="Utf8JsonWriter"/> (NativeAOT-safe), escaped as Go's
/// <c>encoding/json</c> does (<c>&lt;none&gt;</c> → <c>\u003cnone\u003e</c>), as Docker's CLI prints it.
/// </summary>
internal static class StoreJson
{
    /// <summary>The JSON text <paramref name="write"/> produces: compact, or indented by four spaces like <c>docker inspect</c>.</summary>
    public static string Write(Action<Utf8JsonWriter> write, bool indented)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        var options = new JsonWriterOptions
        {
            Indented = indented,
            IndentSize = 4,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(GoJsonEscaping.Rewrite(buffer.WrittenSpan));
    }
}
