using System.Globalization;
using Kiln.Oci;

namespace Kiln.Build.Outputs;

/// <summary>Parsing <c>-o</c> values with buildx's rules.</summary>
public sealed partial record OutputSpec
{
    private const string ValidTypes = "local, tar, oci, docker, image, registry, cacheonly";

    /// <summary>
    /// Parses one <c>-o</c> value as buildx does: the text is one CSV line; a single field that is the whole text and does
    /// not start with <c>type=</c> is a local destination directory (<c>-</c>: a filesystem tar on stdout); otherwise every
    /// field is <c>key=value</c> with <c>type</c> required. <c>type=registry</c> becomes <c>type=image,push=true</c>.
    /// </summary>
    /// <exception cref="OutputException">The value is malformed, the type unknown, or an attribute value invalid.</exception>
    public static OutputSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            throw Invalid(text, "the value is empty; give a directory, '-' or type=TYPE[,key=value...]");
        }

        if (!CsvLine.TrySplit(text, out var fields, out var csvError))
        {
            throw Invalid(text, csvError!);
        }

        if (fields.Count == 1 && fields[0] == text && !text.StartsWith("type=", StringComparison.Ordinal))
        {
            return text == StandardOutput
                ? new OutputSpec { Type = OutputType.Tar, Destination = StandardOutput }
                : new OutputSpec { Type = OutputType.Local, Destination = text };
        }

        string? type = null;
        string? destination = null;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var equals = field.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                throw Invalid(text, $"invalid value \"{field}\": expected key=value (e.g. type=local,dest=out)");
            }

            var key = field[..equals].Trim().ToLowerInvariant();
            var value = field[(equals + 1)..];
            switch (key)
            {
                case "type":
                    type = value;
                    break;
                case "dest":
                    destination = value;
                    break;
                default:
                    attributes[key] = value;
                    break;
            }
        }

        if (type is null)
        {
            throw Invalid(text, $"type is required for output; use type=TYPE with one of {ValidTypes}");
        }

        var outputType = type switch
        {
            "local" => OutputType.Local,
            "tar" => OutputType.Tar,
            "oci" => OutputType.Oci,
            "docker" => OutputType.Docker,
            "image" or "registry" => OutputType.Image,
            "cacheonly" => OutputType.CacheOnly,
            _ => throw Invalid(text, $"unknown output type \"{type}\"; use one of {ValidTypes}"),
        };

        if (type == "registry" && !attributes.ContainsKey("push"))
        {
            attributes["push"] = "true";
        }

        return new OutputSpec
        {
            Type = outputType,
            Destination = destination,
            Names = attributes.TryGetValue("name", out var names) ? ParseNames(text, names) : [],
            Push = Bool(text, attributes, "push", false),
            Tar = Bool(text, attributes, "tar", true),
            Compression = attributes.TryGetValue("compression", out var compression) ? ParseCompression(text, compression) : null,
            CompressionLevel = attributes.TryGetValue("compression-level", out var level) ? ParseLevel(text, level) : null,
            ForceCompression = Bool(text, attributes, "force-compression", false),
            OciMediaTypes = attributes.ContainsKey("oci-mediatypes") ? Bool(text, attributes, "oci-mediatypes", false) : null,
            RewriteTimestamp = Bool(text, attributes, "rewrite-timestamp", false),
            Mode = attributes.TryGetValue("mode", out var mode) ? ParseMode(text, mode) : LocalOutputMode.Copy,
            Attributes = attributes,
        };
    }

    private static List<ImageReference> ParseNames(string text, string value)
    {
        var result = new List<ImageReference>();
        foreach (var raw in value.Split(','))
        {
            var name = raw.Trim();
            if (name.Length == 0)
            {
                continue;
            }

            if (!ImageReference.TryParse(name, out var reference))
            {
                throw Invalid(text, $"invalid image name \"{name}\" in name=; use NAME[:TAG] such as registry.example/app:1.0 (quote the field for several: \"name=a,b\")");
            }

            result.Add(reference);
        }

        return result;
    }

    /// <summary>A boolean as BuildKit reads exporter attributes: Go's <c>strconv.ParseBool</c>, and an empty value means true.</summary>
    private static bool Bool(string text, Dictionary<string, string> attributes, string key, bool fallback)
    {
        if (!attributes.TryGetValue(key, out var value))
        {
            return fallback;
        }

        return value switch
        {
            "" or "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
            "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
            _ => throw Invalid(text, $"non-bool value \"{value}\" for {key}; use true or false"),
        };
    }

    private static OutputCompression ParseCompression(string text, string value) => value switch
    {
        "uncompressed" => OutputCompression.Uncompressed,
        "gzip" => OutputCompression.Gzip,
        "estargz" => OutputCompression.Estargz,
        "zstd" => OutputCompression.Zstd,
        _ => throw Invalid(text, $"unsupported compression \"{value}\"; use one of uncompressed, gzip, estargz, zstd"),
    };

    private static int ParseLevel(string text, string value) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var level) && level >= 0
            ? level
            : throw Invalid(text, $"invalid compression-level \"{value}\"; use a number (gzip 0-9, zstd 0-22)");

    private static LocalOutputMode ParseMode(string text, string value) => value switch
    {
        "copy" => LocalOutputMode.Copy,
        "delete" => LocalOutputMode.Delete,
        _ => throw Invalid(text, $"invalid mode \"{value}\" for the local output; use copy or delete"),
    };

    private static OutputException Invalid(string text, string problem) =>
        new(OutputException.InvalidSpecId, $"invalid output \"{text}\": {problem}");
}
