using System.Buffers;
using System.Globalization;
using System.Text;

namespace Kiln.Oci.Json;

/// <summary>
/// Rewrites the string escapes of compact JSON produced by System.Text.Json into the form Go's
/// <c>encoding/json.Marshal</c> writes, which Docker, containerd and BuildKit use for manifests and configs:
/// <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c>, U+2028 and U+2029 become <c>\u003c</c>, <c>\u003e</c>, <c>\u0026</c>,
/// <c>\u2028</c>, <c>\u2029</c> (Go's HTMLEscape); control characters use <c>\b \f \n \r \t</c> or lower-case
/// <c>\u00XX</c>; every other character, non-ASCII included, is written as raw UTF-8; invalid UTF-16 becomes U+FFFD.
/// Matching Go byte for byte keeps digests of documents Kiln writes stable against the ecosystem's tools.
/// </summary>
public static class GoJsonEscaping
{
    /// <summary>Rewrites <paramref name="json"/> (compact JSON text) into Go's escaping.</summary>
    public static byte[] Rewrite(ReadOnlySpan<byte> json)
    {
        var output = new ArrayBufferWriter<byte>(json.Length + 16);
        Rewrite(json, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Rewrites <paramref name="json"/> into <paramref name="output"/>.</summary>
    public static void Rewrite(ReadOnlySpan<byte> json, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var inString = false;
        var i = 0;
        var scalar = new StringBuilder();
        while (i < json.Length)
        {
            var b = json[i];
            if (!inString)
            {
                if (b == (byte)'"')
                {
                    inString = true;
                }

                Write(output, b);
                i++;
                continue;
            }

            switch (b)
            {
                case (byte)'"':
                    inString = false;
                    Write(output, b);
                    i++;
                    break;
                case (byte)'\\':
                    i = RewriteEscape(json, i, output, scalar);
                    break;
                case (byte)'<' or (byte)'>' or (byte)'&':
                    WriteUnicodeEscape(output, b);
                    i++;
                    break;
                case 0xE2 when i + 2 < json.Length && json[i + 1] == 0x80 && (json[i + 2] == 0xA8 || json[i + 2] == 0xA9):
                    WriteUnicodeEscape(output, json[i + 2] == 0xA8 ? 0x2028 : 0x2029);
                    i += 3;
                    break;
                default:
                    Write(output, b);
                    i++;
                    break;
            }
        }
    }

    // Handles one escape sequence starting at json[start] == '\\' and returns the index after it.
    private static int RewriteEscape(ReadOnlySpan<byte> json, int start, IBufferWriter<byte> output, StringBuilder scalar)
    {
        var kind = json[start + 1];
        if (kind != (byte)'u')
        {
            // \" \\ \/ \b \f \n \r \t are already what Go writes (Go never writes \/, but keeps it readable).
            Write(output, json[start]);
            Write(output, kind);
            return start + 2;
        }

        // Collect a run of \uXXXX escapes so surrogate pairs decode together.
        scalar.Clear();
        var i = start;
        while (i + 5 < json.Length && json[i] == (byte)'\\' && json[i + 1] == (byte)'u')
        {
            var hex = Encoding.ASCII.GetString(json.Slice(i + 2, 4));
            scalar.Append((char)int.Parse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
            i += 6;
        }

        var text = scalar.ToString();
        var index = 0;
        while (index < text.Length)
        {
            int codePoint;
            if (char.IsSurrogatePair(text, index))
            {
                codePoint = char.ConvertToUtf32(text[index], text[index + 1]);
                index += 2;
            }
            else
            {
                codePoint = char.IsSurrogate(text[index]) ? 0xFFFD : text[index];
                index++;
            }

            WriteScalar(output, codePoint);
        }

        return i;
    }

    private static void WriteScalar(IBufferWriter<byte> output, int codePoint)
    {
        switch (codePoint)
        {
            case '"':
                WriteAscii(output, "\\\"");
                return;
            case '\\':
                WriteAscii(output, "\\\\");
                return;
            case '\b':
                WriteAscii(output, "\\b");
                return;
            case '\f':
                WriteAscii(output, "\\f");
                return;
            case '\n':
                WriteAscii(output, "\\n");
                return;
            case '\r':
                WriteAscii(output, "\\r");
                return;
            case '\t':
                WriteAscii(output, "\\t");
                return;
            case < 0x20 or '<' or '>' or '&' or 0x2028 or 0x2029:
                WriteUnicodeEscape(output, codePoint);
                return;
        }

        Span<byte> utf8 = stackalloc byte[4];
        var length = new Rune(codePoint).EncodeToUtf8(utf8);
        output.Write(utf8[..length]);
    }

    private static void WriteUnicodeEscape(IBufferWriter<byte> output, int codePoint) =>
        WriteAscii(output, "\\u" + codePoint.ToString("x4", CultureInfo.InvariantCulture));

    private static void WriteAscii(IBufferWriter<byte> output, string text)
    {
        Span<byte> buffer = stackalloc byte[text.Length];
        Encoding.ASCII.GetBytes(text, buffer);
        output.Write(buffer);
    }

    private static void Write(IBufferWriter<byte> output, byte value)
    {
        var span = output.GetSpan(1);
        span[0] = value;
        output.Advance(1);
    }
}
