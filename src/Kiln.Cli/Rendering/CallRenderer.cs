using System.Globalization;
using System.Text;
using System.Text.Json;
using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Planning;

namespace Kiln.Cli.Rendering;

/// <summary>
/// Renders the frontend subrequests <c>--call=targets</c> and <c>--call=outline</c> (CALL-TARGETS,
/// CALL-OUTLINE) as text tables or JSON (written with <see cref="Utf8JsonWriter"/>, AOT-safe).
/// </summary>
internal static class CallRenderer
{
    public static string Targets(IReadOnlyList<BuildTarget> targets, bool json)
    {
        if (json)
        {
            return Json(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("targets");
                foreach (var t in targets)
                {
                    w.WriteStartObject();
                    w.WriteString("name", t.Name);
                    WriteIfNotEmpty(w, "description", t.Description);
                    if (t.IsDefault)
                    {
                        w.WriteBoolean("default", true);
                    }

                    w.WriteString("base", t.Base);
                    WriteIfNotEmpty(w, "platform", t.Platform);
                    WriteLocation(w, t.Location);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        var sb = new StringBuilder();
        var width = Math.Max(6, targets.Count == 0 ? 0 : targets.Max(t => t.Name.Length + (t.IsDefault ? 10 : 0)));
        sb.Append("TARGET".PadRight(width + 2)).Append("DESCRIPTION\n");
        foreach (var t in targets)
        {
            var name = t.IsDefault ? t.Name + " (default)" : t.Name;
            sb.Append(name.PadRight(width + 2)).Append(t.Description).Append('\n');
        }

        return sb.ToString();
    }

    public static string Outline(BuildOutline outline, bool json)
    {
        if (json)
        {
            return Json(w =>
            {
                w.WriteStartObject();
                w.WriteString("name", outline.Target);
                WriteIfNotEmpty(w, "description", outline.Description);
                w.WriteStartArray("args");
                foreach (var a in outline.Args)
                {
                    w.WriteStartObject();
                    w.WriteString("name", a.Name);
                    WriteIfNotEmpty(w, "value", a.Value);
                    WriteIfNotEmpty(w, "description", a.Description);
                    WriteLocation(w, a.Location);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                WriteSecrets(w, "secrets", outline.Secrets);
                WriteSecrets(w, "ssh", outline.Ssh);
                w.WriteStartArray("cacheMounts");
                foreach (var c in outline.CacheMounts)
                {
                    w.WriteStartObject();
                    w.WriteString("id", c.Id);
                    w.WriteString("target", c.Target);
                    w.WriteString("sharing", c.Sharing.ToString().ToLowerInvariant());
                    WriteLocation(w, c.Location);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("TARGET:      ").Append(outline.Target).Append('\n');
        if (outline.Description.Length > 0)
        {
            sb.Append("DESCRIPTION: ").Append(outline.Description).Append('\n');
        }

        var nameWidth = outline.Args.Select(a => a.Name.Length).Append("BUILD ARG".Length).Max() + 2;
        var valueWidth = outline.Args.Select(a => (a.Value ?? "<unset>").Length).Append("VALUE".Length).Max() + 2;
        sb.Append('\n').Append("BUILD ARG".PadRight(nameWidth)).Append("VALUE".PadRight(valueWidth)).Append("DESCRIPTION\n");
        foreach (var a in outline.Args)
        {
            sb.Append(a.Name.PadRight(nameWidth)).Append((a.Value ?? "<unset>").PadRight(valueWidth)).Append(a.Description).Append('\n');
        }

        foreach (var s in outline.Secrets)
        {
            sb.Append(inv, $"\nSECRET {s.Id}{(s.Required ? " (required)" : string.Empty)}\n");
        }

        foreach (var s in outline.Ssh)
        {
            sb.Append(inv, $"\nSSH {s.Id}{(s.Required ? " (required)" : string.Empty)}\n");
        }

        foreach (var c in outline.CacheMounts)
        {
            sb.Append(inv, $"\nCACHE MOUNT {c.Id} at {c.Target} ({c.Sharing.ToString().ToLowerInvariant()})\n");
        }

        return sb.ToString();
    }

    private static void WriteSecrets(Utf8JsonWriter w, string name, IReadOnlyList<OutlineSecret> secrets)
    {
        w.WriteStartArray(name);
        foreach (var s in secrets)
        {
            w.WriteStartObject();
            w.WriteString("id", s.Id);
            if (s.Required)
            {
                w.WriteBoolean("required", true);
            }

            WriteLocation(w, s.Location);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteIfNotEmpty(Utf8JsonWriter w, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteLocation(Utf8JsonWriter w, SourceRange range)
    {
        w.WriteStartObject("location");
        w.WriteNumber("line", range.Start.Line);
        w.WriteNumber("endLine", range.End.Line);
        w.WriteEndObject();
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
