using System.Text;
using System.Text.Json;

namespace Kiln.Cli.Tests.Differential;

/// <summary>
/// The docker-compatible image config fields the differential tests compare (DF-IMG-CONFIG), read from the output of
/// <c>docker inspect</c> or <c>kiln inspect</c>: field name → canonical JSON (object keys sorted; a missing field, null,
/// <c>""</c>, <c>[]</c> and <c>{}</c> all read as null, as docker treats them alike when it runs the image).
/// </summary>
public sealed record ConfigView(IReadOnlyDictionary<string, string?> Fields)
{
    private static readonly string[] ConfigFields =
        ["Env", "Cmd", "Entrypoint", "WorkingDir", "User", "Labels", "ExposedPorts", "Volumes", "StopSignal", "Healthcheck", "Shell", "OnBuild", "ArgsEscaped"];

    public static ConfigView FromInspect(string inspectJson)
    {
        using var document = JsonDocument.Parse(inspectJson);
        var image = document.RootElement[0];
        var fields = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        var config = image.TryGetProperty("Config", out var c) ? c : default;
        foreach (var name in ConfigFields)
        {
            fields[name] = config.ValueKind == JsonValueKind.Object && config.TryGetProperty(name, out var value) ? Canonical(value) : null;
        }

        fields["Author"] = image.TryGetProperty("Author", out var author) ? Canonical(author) : null;
        fields["Os"] = image.TryGetProperty("Os", out var os) ? Canonical(os) : null;
        fields["Architecture"] = image.TryGetProperty("Architecture", out var arch) ? Canonical(arch) : null;
        return new ConfigView(fields);
    }

    /// <summary>Empty when both agree (fields in <paramref name="ignore"/> aside), else each differing field with both values.</summary>
    public string DiffAgainst(ConfigView expected, string expectedName, string actualName, IReadOnlyCollection<string>? ignore = null)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in expected.Fields)
        {
            if (ignore?.Contains(name) == true)
            {
                continue;
            }

            var actual = Fields.GetValueOrDefault(name);
            if (actual != value)
            {
                text.Append(name).Append(":\n  ").Append(expectedName).Append(": ").Append(value ?? "null")
                    .Append("\n  ").Append(actualName).Append(": ").Append(actual ?? "null").Append('\n');
            }
        }

        return text.ToString();
    }

    private static string? Canonical(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return null;
            case JsonValueKind.String when value.GetString()!.Length == 0:
                return null;
            case JsonValueKind.Array when value.GetArrayLength() == 0:
                return null;
            case JsonValueKind.Object when !value.EnumerateObject().Any():
                return null;
            case JsonValueKind.False:
                return null;
            default:
                var buffer = new MemoryStream();
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    Write(writer, value);
                }

                return Encoding.UTF8.GetString(buffer.ToArray());
        }
    }

    private static void Write(Utf8JsonWriter writer, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            writer.WriteStartObject();
            foreach (var property in value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                writer.WritePropertyName(property.Name);
                Write(writer, property.Value);
            }

            writer.WriteEndObject();
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            writer.WriteStartArray();
            foreach (var item in value.EnumerateArray())
            {
                Write(writer, item);
            }

            writer.WriteEndArray();
        }
        else
        {
            value.WriteTo(writer);
        }
    }
}
