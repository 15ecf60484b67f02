using System.Text.Json;
using Kiln.Oci.Json;

namespace Kiln.Cli.Rendering;

/// <summary>
/// Renders <c>kiln inspect</c>: a JSON array (four-space indent, like <c>docker image inspect</c>) with Docker's image
/// inspect fields built from the stored config and manifest: <c>Id</c> (config digest), <c>RepoTags</c>, <c>RepoDigests</c>
/// (<c>name@manifest-digest</c> for each repository, as Docker's containerd store reports), <c>Parent</c> (empty),
/// <c>Comment</c> (the config's, else the last history entry's), <c>Created</c>, <c>DockerVersion</c>, <c>Author</c>,
/// <c>Config</c> (the stored <c>config</c> object verbatim), <c>Architecture</c>, <c>Variant</c>, <c>Os</c>,
/// <c>OsVersion</c>, <c>Size</c> (uncompressed layer bytes), <c>RootFS</c>, <c>Metadata</c> and <c>Descriptor</c>.
/// </summary>
internal static class ImageInspectRenderer
{
    private const string ZeroTime = "0001-01-01T00:00:00Z";

    public static string Render(IReadOnlyList<ImageInspectEntry> entries) =>
        StoreJson.Write(
            w =>
            {
                w.WriteStartArray();
                foreach (var entry in entries)
                {
                    WriteImage(w, entry);
                }

                w.WriteEndArray();
            },
            indented: true) + "\n";

    private static void WriteImage(Utf8JsonWriter w, ImageInspectEntry entry)
    {
        var image = entry.Image;
        var config = image.Config.Value;
        using var raw = JsonDocument.Parse(image.Config.Bytes);
        var root = raw.RootElement;

        w.WriteStartObject();
        w.WriteString("Id", image.ImageId.ToString());
        w.WriteStartArray("RepoTags");
        foreach (var reference in image.References.Where(r => r.Tag is not null).Select(r => r.FamiliarName + ":" + r.Tag).Distinct(StringComparer.Ordinal))
        {
            w.WriteStringValue(reference);
        }

        w.WriteEndArray();
        w.WriteStartArray("RepoDigests");
        foreach (var name in image.References.Select(r => r.FamiliarName).Distinct(StringComparer.Ordinal))
        {
            w.WriteStringValue(name + "@" + entry.Target.Digest);
        }

        w.WriteEndArray();
        w.WriteString("Parent", string.Empty);
        w.WriteString("Comment", StringProperty(root, "comment") ?? config.History?.LastOrDefault()?.Comment ?? string.Empty);
        w.WriteString("Created", config.Created is { } created ? GoTimeConverter.Format(created) : ZeroTime);
        w.WriteString("DockerVersion", StringProperty(root, "docker_version") ?? string.Empty);
        w.WriteString("Author", config.Author ?? string.Empty);
        w.WritePropertyName("Config");
        if (root.TryGetProperty("config", out var containerConfig) && containerConfig.ValueKind == JsonValueKind.Object)
        {
            containerConfig.WriteTo(w);
        }
        else
        {
            w.WriteStartObject();
            w.WriteEndObject();
        }

        w.WriteString("Architecture", config.Architecture);
        if (config.Variant is { } variant)
        {
            w.WriteString("Variant", variant);
        }

        w.WriteString("Os", config.OS);
        if (config.OSVersion is { } osVersion)
        {
            w.WriteString("OsVersion", osVersion);
        }

        w.WriteNumber("Size", entry.Size);
        w.WriteStartObject("RootFS");
        w.WriteString("Type", config.RootFs.Type);
        w.WriteStartArray("Layers");
        foreach (var diffId in config.RootFs.DiffIds)
        {
            w.WriteStringValue(diffId.ToString());
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject("Metadata");
        w.WriteString("LastTagTime", ZeroTime);
        w.WriteEndObject();
        w.WriteStartObject("Descriptor");
        w.WriteString("mediaType", entry.Target.MediaType);
        w.WriteString("digest", entry.Target.Digest.ToString());
        w.WriteNumber("size", entry.Target.Size);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static string? StringProperty(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
