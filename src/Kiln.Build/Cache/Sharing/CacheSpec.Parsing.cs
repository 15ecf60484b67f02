using Kiln.Build.Outputs;
using Kiln.Oci;

namespace Kiln.Build.Cache.Sharing;

/// <summary>Parsing <c>--cache-from</c> and <c>--cache-to</c> values with buildx's rules (one CSV line of <c>key=value</c>).</summary>
public sealed partial record CacheSpec
{
    private const string Supported = "use local, inline or registry";

    // buildx attributes that describe the one form Kiln always writes (an OCI image manifest with OCI media types).
    private static readonly HashSet<string> AcceptedAndIgnored = new(StringComparer.Ordinal) { "image-manifest", "oci-mediatypes" };

    /// <summary>
    /// Parses a <c>--cache-from</c> value: <c>type=local,src=DIR[,tag=T]</c>, <c>type=registry,ref=R</c>,
    /// <c>type=image,ref=NAME</c> (an image in the local store built with <c>--cache-to type=inline</c>), or a bare
    /// <c>NAME</c>, which buildx reads as <c>type=registry,ref=NAME</c>.
    /// </summary>
    /// <exception cref="CacheSharingException">The value is malformed or names an unknown type or key.</exception>
    public static CacheSpec ParseImport(string text) => Parse(text, import: true);

    /// <summary>
    /// Parses a <c>--cache-to</c> value: <c>type=local,dest=DIR[,mode=min|max][,mounts=true][,tag=T]</c>,
    /// <c>type=inline</c> (mode=min only), <c>type=registry,ref=R[,mode=…][,mounts=true]</c>, or a bare <c>NAME</c>
    /// (registry); <c>ignore-error=true</c> makes a failed export a warning.
    /// </summary>
    /// <exception cref="CacheSharingException">The value is malformed or names an unknown type, key or value.</exception>
    public static CacheSpec ParseExport(string text) => Parse(text, import: false);

    private static CacheSpec Parse(string text, bool import)
    {
        ArgumentNullException.ThrowIfNull(text);
        var flag = import ? "--cache-from" : "--cache-to";
        if (text.Length == 0)
        {
            throw Invalid(flag, text, "the value is empty; give type=TYPE[,key=value...] or an image name");
        }

        if (!CsvLine.TrySplit(text, out var fields, out var csvError))
        {
            throw Invalid(flag, text, csvError!);
        }

        if (fields.Count == 1 && !fields[0].Contains('=', StringComparison.Ordinal))
        {
            return new CacheSpec { Type = CacheSpecType.Registry, Reference = RequireReference(flag, text, fields[0]) };
        }

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var equals = field.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw Invalid(flag, text, $"invalid value \"{field}\": expected key=value (e.g. type=local,{(import ? "src" : "dest")}=DIR)");
            }

            attributes[field[..equals].Trim().ToLowerInvariant()] = field[(equals + 1)..];
        }

        if (!attributes.Remove("type", out var typeText))
        {
            throw Invalid(flag, text, "type is required (type=local, type=inline or type=registry)");
        }

        var type = typeText.ToLowerInvariant() switch
        {
            "local" => CacheSpecType.Local,
            "inline" => CacheSpecType.Inline,
            "registry" => CacheSpecType.Registry,
            "image" => CacheSpecType.Image,
            _ => throw Invalid(flag, text, $"type={typeText} is not supported: {Supported}"),
        };
        if (type == CacheSpecType.Inline && import)
        {
            throw Invalid(flag, text, "type=inline is for --cache-to; read an inline cache with type=image,ref=NAME (local store) or type=registry,ref=NAME");
        }

        if (type == CacheSpecType.Image && !import)
        {
            throw Invalid(flag, text, "type=image is for --cache-from; to put the cache into the image use --cache-to type=inline");
        }

        var spec = new CacheSpec { Type = type };
        foreach (var (key, value) in attributes)
        {
            spec = (key, type, import) switch
            {
                ("src", CacheSpecType.Local, true) or ("dest", CacheSpecType.Local, false) =>
                    spec with { Directory = value.Length > 0 ? Path.GetFullPath(value) : throw Invalid(flag, text, $"{key} is empty; give a directory") },
                ("ref", CacheSpecType.Registry or CacheSpecType.Image, _) => spec with { Reference = RequireReference(flag, text, value) },
                ("tag", CacheSpecType.Local, _) => spec with { Tag = RequireTag(flag, text, value) },
                ("mode", not CacheSpecType.Image, false) => spec with { Mode = ParseMode(flag, text, value) },
                ("mounts", CacheSpecType.Local or CacheSpecType.Registry, false) => spec with { Mounts = ParseBool(flag, text, key, value) },
                ("ignore-error", _, false) => spec with { IgnoreError = ParseBool(flag, text, key, value) },
                _ when !import && AcceptedAndIgnored.Contains(key) => spec,
                _ => throw Invalid(flag, text, $"unknown key \"{key}\" for type={typeText.ToLowerInvariant()}{KeyHint(type, import)}"),
            };
        }

        return (type, import) switch
        {
            (CacheSpecType.Local, _) when spec.Directory is null => throw Invalid(flag, text, $"type=local needs {(import ? "src" : "dest")}=DIR"),
            (CacheSpecType.Registry or CacheSpecType.Image, _) when spec.Reference is null => throw Invalid(flag, text, $"type={typeText.ToLowerInvariant()} needs ref=NAME"),
            (CacheSpecType.Inline, _) when spec.Mode == CacheExportMode.Max => throw Invalid(flag, text, "type=inline supports only mode=min (the image holds only its own layers); use type=local or type=registry for mode=max"),
            _ => spec,
        };
    }

    private static string KeyHint(CacheSpecType type, bool import) => (type, import) switch
    {
        (CacheSpecType.Local, true) => " (known: src, tag)",
        (CacheSpecType.Local, false) => " (known: dest, tag, mode, mounts, ignore-error)",
        (CacheSpecType.Inline, _) => " (known: mode, ignore-error)",
        (CacheSpecType.Registry, true) or (CacheSpecType.Image, _) => " (known: ref)",
        _ => " (known: ref, mode, mounts, ignore-error)",
    };

    private static CacheExportMode ParseMode(string flag, string text, string value) => value.ToLowerInvariant() switch
    {
        "min" => CacheExportMode.Min,
        "max" => CacheExportMode.Max,
        _ => throw Invalid(flag, text, $"invalid mode \"{value}\": use min or max"),
    };

    private static bool ParseBool(string flag, string text, string key, string value) => value.ToLowerInvariant() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => throw Invalid(flag, text, $"invalid {key} \"{value}\": use true or false"),
    };

    private static string RequireReference(string flag, string text, string value) =>
        ImageReference.TryParse(value, out _)
            ? value
            : throw Invalid(flag, text, $"invalid reference \"{value}\": use [registry/]repository[:tag]");

    private static string RequireTag(string flag, string text, string value) =>
        value.Length is > 0 and <= 128 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-') && value[0] is not ('.' or '-')
            ? value
            : throw Invalid(flag, text, $"invalid tag \"{value}\": letters, digits, '_', '.', '-', at most 128");

    private static CacheSharingException Invalid(string flag, string text, string message) =>
        new(CacheSharingException.InvalidSpecId, $"{flag} \"{text}\": {message}");
}
